import type { Migration } from './index';

/** Where a cameo's permission policy is published (JSON: the feed's URL and its id there; null: not published). */
export const m005CameoFeed: Migration = {
  version: 5,
  name: 'cameo feed publication',
  up(db) {
    db.exec('ALTER TABLE cameos ADD COLUMN feed_json TEXT');
  },
};
