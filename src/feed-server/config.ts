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
  /** How long an API token lasts; then it is refused (401, saying when it expired) and a new one is needed. */
  tokenDays: number;
  /** The URL clients reach this service at (for upload locations behind a proxy). */
  publicUrl: string | null;
  /** A request's headers must all arrive within this time (slow clients are cut off with 408). */
  headersTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this time; 0: no limit. */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this time. */
  keepAliveTimeoutMs: number;
  /** A request body (a tus PATCH too) that sends nothing for this long is cut off; a tus upload resumes from its offset. */
  bodyIdleTimeoutMs: number;
  /** Partial uploads and drafts untouched for this long are removed by the sweep. */
  abandonedHours: number;
  /** How often the sweep runs (it also runs on start). */
  sweepMinutes: number;
}

export function feedConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<FeedConfig> = {}): FeedConfig {
  const num = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < min || v > max) throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}".`);
    return v;
  };
  const config: FeedConfig = {
    host: env.FEED_HOST ?? '127.0.0.1',
    port: num('FEED_PORT', 8790, 0, 65535),
    dataDir: resolve(env.FEED_DATA_DIR ?? 'feed-data'),
    maxUploadBytes: num('FEED_MAX_UPLOAD_MB', 512, 1, 1 << 20) * 2 ** 20,
    openSignup: (env.FEED_OPEN_SIGNUP ?? '1') !== '0',
    grantDays: num('FEED_GRANT_DAYS', 30, 0.0001, 3650),
    tokenDays: num('FEED_TOKEN_DAYS', 90, 0.0001, 36500),
    publicUrl: env.FEED_PUBLIC_URL ?? null,
    headersTimeoutMs: num('FEED_HEADERS_TIMEOUT_S', 30, 0.1, 3600) * 1000,
    requestTimeoutMs: num('FEED_REQUEST_TIMEOUT_S', 600, 0, 86400) * 1000,
    keepAliveTimeoutMs: num('FEED_KEEPALIVE_TIMEOUT_S', 5, 0.1, 3600) * 1000,
    bodyIdleTimeoutMs: num('FEED_BODY_IDLE_TIMEOUT_S', 30, 0.1, 3600) * 1000,
    abandonedHours: num('FEED_ABANDONED_HOURS', 24, 0.001, 24 * 365),
    sweepMinutes: num('FEED_SWEEP_MINUTES', 60, 0.01, 24 * 60),
    ...overrides,
  };
  if (config.requestTimeoutMs > 0 && config.headersTimeoutMs > config.requestTimeoutMs)
    throw new Error(
      `FEED_HEADERS_TIMEOUT_S (${config.headersTimeoutMs / 1000} s) must not be longer than FEED_REQUEST_TIMEOUT_S (${config.requestTimeoutMs / 1000} s).`,
    );
  return config;
}
