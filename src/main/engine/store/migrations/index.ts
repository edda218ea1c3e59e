import type { Database } from 'better-sqlite3';

/** A numbered schema migration. Numbers are never reused; a released migration is never edited. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

import { m001Projects } from './001_projects';
import { m002Jobs } from './002_jobs';
import { m003Music } from './003_music';
import { m004Cameos } from './004_cameos';
import { m005CameoFeed } from './005_cameo_feed';
import { m006CameoSharing } from './006_cameo_sharing';

export const MIGRATIONS: readonly Migration[] = [m001Projects, m002Jobs, m003Music, m004Cameos, m005CameoFeed, m006CameoSharing];
