import { AppError } from '../../../shared/result';

/** Where this studio is signed in (nothing is uploaded unless the user asks). */
export interface FeedAccount {
  url: string;
  token: string;
  accountId: string;
  name: string;
  /** The feed's public key (PEM): grants it signs are verified with it. */
  publicKey?: string;
}

export interface FeedPost {
  id: string;
  title: string;
  prompt: string;
  styles: string[];
  tags: string[];
  engines: string[];
  hasDialogue: boolean;
  remixOf: string | null;
  creator: { id: string; name: string };
  mine: boolean;
  sha256: string;
  bytes: number;
  createdAt: string;
  cameos: string[];
  video: string;
  thumbnail: string;
  storyboard: string;
}

/** A refusal or an unreachable feed, told apart (the upload job retries only the second). */
export class FeedError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
  get unreachable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** Calls the feed's JSON API with the account's token. */
export async function feedCall<T>(
  base: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new FeedError(
      0,
      `The feed at ${base} cannot be reached (${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}).`,
      'unreachable',
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = (json as { error?: { message?: string; code?: string } } | null)?.error;
    throw new FeedError(res.status, err?.message ?? `The feed answered ${res.status}.`, err?.code ?? 'error');
  }
  return json as T;
}

/** A feed error as a contract error a user can act on. */
export function asAppError(e: unknown): AppError {
  if (e instanceof FeedError) {
    const code =
      e.status === 401
        ? 'UNAUTHORIZED'
        : e.status === 403
          ? 'PERMISSION_DENIED'
          : e.status === 404 || e.status === 410
            ? 'NOT_FOUND'
            : e.unreachable
              ? 'IO_ERROR'
              : 'INVALID_INPUT';
    return new AppError(code, e.message);
  }
  return e instanceof AppError ? e : new AppError('INTERNAL', e instanceof Error ? e.message : String(e));
}
