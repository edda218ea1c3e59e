import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import { JobFailure } from '../queue/jobErrors';
import type { JobHandler } from '../queue/jobTypes';
import { FeedError, feedCall, type FeedAccount } from './feedClient';

export const UploadPayloadSchema = z.object({
  /** The exported MP4 (absolute path); it is never changed. */
  path: z.string().min(1),
  projectId: z.string().min(1),
  feedUrl: z.string().url(),
  title: z.string(),
  prompt: z.string(),
  styles: z.array(z.string()),
  tags: z.array(z.string()),
  engines: z.array(z.string()),
  hasDialogue: z.boolean(),
  remixOf: z.string().nullable(),
  /** Cameos in the video, each with the feed's grant when the uploader is not its owner. */
  cameos: z.array(z.object({ cameoId: z.string(), grant: z.string().nullable() })),
  /** The studio profile that asked for the upload: consent is checked for it, not for whoever is active when the job runs. */
  profileId: z.string().nullable().default(null),
});
export type UploadPayload = z.infer<typeof UploadPayloadSchema>;

/** Where tus keeps upload URLs between attempts and restarts (the studio's settings table). */
export interface UploadUrlStore {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

export interface UploadDeps {
  account: () => FeedAccount | null;
  storyboard: (projectId: string) => string;
  urls: UploadUrlStore;
  /** How often an upload tries again while the feed cannot be reached (default 15 s). */
  offlineRetryMs?: number;
  /** Consent: throws when the export may not be uploaded; logs the use after success. */
  beforeUpload: (path: string, profileId: string | null) => string[];
  afterUpload: (path: string, cameos: string[], postId: string, projectId: string, profileId: string | null) => void;
}

function sha256(file: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    const s = createReadStream(file);
    signal.addEventListener('abort', () => s.destroy(signal.reason as Error), { once: true });
    s.on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

/**
 * Uploads an export to the signed-in feed with tus: the post is announced (an export already
 * posted is found by its sha256 and not posted again), then the file goes up in resumable
 * pieces; a dropped connection resumes where the server's offset says, and the upload URL is kept
 * in the studio's settings so a restart resumes too. An unreachable feed fails the attempt as
 * retryable: the queue tries again later (the job waits in the queue while offline).
 */
export function uploadHandler(d: UploadDeps): JobHandler<UploadPayload> {
  return {
    kind: 'feed.upload',
    lane: 'net',
    payload: UploadPayloadSchema,
    maxAttempts: 12,
    // Offline, an upload waits in the queue and is tried every so often until the feed answers.
    waitAfter: (error) => (error.code === 'FEED_UNREACHABLE' ? (d.offlineRetryMs ?? 15_000) : null),
    async run(ctx) {
      const p = ctx.payload;
      const acct = d.account();
      if (!acct || acct.url !== p.feedUrl) throw new JobFailure('NOT_SIGNED_IN', `Sign in to ${p.feedUrl} to upload (Feed panel).`, false);
      if (!existsSync(p.path)) throw new JobFailure('NOT_FOUND', `The export ${p.path} is gone; export again, then upload.`, false);
      let cameos: string[];
      try {
        cameos = d.beforeUpload(p.path, p.profileId);
      } catch (e) {
        throw new JobFailure('CAMEO_NOT_ALLOWED', e instanceof Error ? e.message : String(e), false);
      }
      ctx.progress(0, 'Checking the file');
      const bytes = statSync(p.path).size;
      const sha = await sha256(p.path, ctx.signal);
      const call = <T>(method: string, path: string, body?: unknown) =>
        feedCall<T>(p.feedUrl, acct.token, method, path, body, ctx.signal).catch((e: unknown) => {
          if (e instanceof FeedError)
            throw new JobFailure(e.unreachable ? 'FEED_UNREACHABLE' : `FEED_${e.status}`, e.message, e.unreachable);
          throw e;
        });
      ctx.progress(0.02, `Announcing the post to ${new URL(p.feedUrl).host}`);
      const draft = await call<{ draftId?: string; postId?: string; existing: boolean }>('POST', '/api/drafts', {
        sha256: sha,
        bytes,
        title: p.title,
        prompt: p.prompt,
        styles: p.styles,
        tags: p.tags,
        engines: p.engines,
        hasDialogue: p.hasDialogue,
        remixOf: p.remixOf,
        storyboard: d.storyboard(p.projectId),
        cameos: p.cameos,
      });
      if (draft.existing && draft.postId) {
        ctx.progress(1, 'Already posted');
        return { postId: draft.postId, existing: true, url: `${p.feedUrl}/api/posts/${draft.postId}` };
      }
      const { Upload } = await import('tus-js-client');
      // Keyed by feed too: an upload URL of one feed means nothing to another.
      const key = `feed.upload.${p.feedUrl}.${sha}`;
      const postId = await new Promise<string>((resolve, reject) => {
        const upload = new Upload(createReadStream(p.path), {
          endpoint: new URL('/api/uploads', p.feedUrl).href,
          uploadUrl: d.urls.get(key),
          uploadSize: bytes,
          chunkSize: 4 * 2 ** 20,
          metadata: { draftId: draft.draftId!, filename: p.path.split(/[\\/]/).pop() ?? 'export.mp4' },
          headers: { authorization: `Bearer ${acct.token}` },
          // Each dropped connection is resumed from the server's offset, many times over.
          retryDelays: Array.from({ length: 200 }, (_, i) => Math.min(2000, 50 * 2 ** Math.min(i, 6))),
          onShouldRetry: (err) => {
            const status = err.originalResponse?.getStatus() ?? 0;
            return status === 0 || status >= 500 || status === 409 || status === 423;
          },
          storeFingerprintForResuming: false,
          onUploadUrlAvailable: () => d.urls.set(key, upload.url),
          onProgress: (sent, total) =>
            ctx.progress(0.05 + 0.9 * (sent / total), `Uploading ${(sent / 2 ** 20).toFixed(1)} of ${(total / 2 ** 20).toFixed(1)} MB`),
          onSuccess: ({ lastResponse }) => {
            const id = lastResponse.getHeader('Shotline-Post-Id');
            if (id) resolve(id);
            else reject(new JobFailure('FEED_NO_POST', 'The feed took the file but named no post.', true));
          },
          onError: (err) => {
            const res = (err as { originalResponse?: { getStatus(): number; getBody(): string } }).originalResponse;
            const status = res?.getStatus() ?? 0;
            if (status >= 400 && status < 500 && status !== 409 && status !== 423) {
              // The upload was refused for good (tampered, no grant …): start afresh next time.
              d.urls.set(key, null);
              reject(new JobFailure(`FEED_${status}`, res?.getBody() || err.message, false));
            } else reject(new JobFailure('FEED_UNREACHABLE', `The feed could not be reached: ${err.message}`, true));
          },
        });
        ctx.signal.addEventListener('abort', () => void upload.abort(false).finally(() => reject(ctx.signal.reason)), { once: true });
        upload.start();
      });
      d.urls.set(key, null);
      d.afterUpload(p.path, cameos, postId, p.projectId, p.profileId);
      ctx.progress(1, 'Posted');
      return { postId, existing: false, url: `${p.feedUrl}/api/posts/${postId}` };
    },
  };
}
