import { resolve } from 'node:path';

/** How a feed service runs, from environment variables (see README, "Hosting a feed"). */
export interface FeedConfig {
  host: string;
  port: number;
  dataDir: string;
  /** The largest upload accepted, in bytes. */
  maxUploadBytes: number;
  /** Anyone may create an account (POST /api/accounts); otherwise accounts come from the CLI. */
  openSignup: boolean;
  /** How long a cameo grant lasts before it must be renewed. */
  grantDays: number;
  /** The URL clients reach this service at (for upload locations behind a proxy). */
  publicUrl: string | null;
}

export function feedConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<FeedConfig> = {}): FeedConfig {
  const num = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < min || v > max) throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}".`);
    return v;
  };
  return {
    host: env.FEED_HOST ?? '127.0.0.1',
    port: num('FEED_PORT', 8790, 0, 65535),
    dataDir: resolve(env.FEED_DATA_DIR ?? 'feed-data'),
    maxUploadBytes: num('FEED_MAX_UPLOAD_MB', 512, 1, 1 << 20) * 2 ** 20,
    openSignup: (env.FEED_OPEN_SIGNUP ?? '1') !== '0',
    grantDays: num('FEED_GRANT_DAYS', 30, 0.0001, 3650),
    publicUrl: env.FEED_PUBLIC_URL ?? null,
    ...overrides,
  };
}
