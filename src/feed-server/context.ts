import type { KeyObject } from 'node:crypto';
import type { FeedConfig } from './config';
import type { Db } from './store';

export interface FeedTools {
  ffmpeg: string;
  ffprobe: string;
}

/** What the feed's parts share: the database, the grant key, the configuration and tools. */
export interface FeedContext {
  db: Db;
  key: { privateKey: KeyObject; publicKey: KeyObject };
  config: FeedConfig;
  tools: FeedTools;
  mediaDir: string;
  notify: (accountId: string, kind: string, message: string) => void;
}
