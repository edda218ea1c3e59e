/*
 * The reference feed service, on its own: `npm run feed-server` or `shotline feed-server`.
 * Configuration by environment variables (FEED_HOST, FEED_PORT, FEED_DATA_DIR, FEED_MAX_UPLOAD_MB,
 * FEED_OPEN_SIGNUP, FEED_GRANT_DAYS, FEED_TOKEN_DAYS, FEED_PUBLIC_URL, the FEED_*_TIMEOUT_S limits
 * on slow clients, FEED_ABANDONED_HOURS, FEED_SWEEP_MINUTES); see the README, "Hosting a feed".
 * Accounts on a feed without open signup: `shotline feed-server accounts add <name>` (./accounts.ts).
 */
import { resolveMediaTools } from '../main/engine/export/ffmpegPaths';
import { feedConfig } from './config';
import { startFeedServer } from './server';

export async function runFeedServer(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = feedConfig(env);
  const server = await startFeedServer(config, resolveMediaTools(env));
  console.log(`Shotline feed listening at ${server.url} (data in ${config.dataDir})`);
  console.log(
    config.openSignup
      ? `Create an account: curl -X POST ${server.url}/api/accounts -H 'content-type: application/json' -d '{"name":"you"}'`
      : 'Signup is closed (FEED_OPEN_SIGNUP=0). Create an account: shotline feed-server accounts add <name>',
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  runFeedServer().catch((e: unknown) => {
    console.error(`The feed could not start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
