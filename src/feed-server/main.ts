/*
 * The reference feed service, on its own: `npm run feed-server` or `shotline feed-server`.
 * Configuration by environment variables (FEED_HOST, FEED_PORT, FEED_DATA_DIR, FEED_MAX_UPLOAD_MB,
 * FEED_OPEN_SIGNUP, FEED_GRANT_DAYS, FEED_PUBLIC_URL); see the README, "Hosting a feed".
 */
import { resolveMediaTools } from '../main/engine/export/ffmpegPaths';
import { feedConfig } from './config';
import { startFeedServer } from './server';

export async function runFeedServer(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = feedConfig(env);
  const server = await startFeedServer(config, resolveMediaTools(env));
  console.log(`Shotline feed listening at ${server.url} (data in ${config.dataDir})`);
  console.log(`Create an account: curl -X POST ${server.url}/api/accounts -H 'content-type: application/json' -d '{"name":"you"}'`);
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
