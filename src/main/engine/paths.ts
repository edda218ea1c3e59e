import { homedir, platform } from 'node:os';
import { join, resolve } from 'node:path';

/** Where the studio keeps its data. All media the app serves must live under `libraryRoots`. */
export interface LibraryPaths {
  dataDir: string;
  dbFile: string;
  logDir: string;
  mediaDir: string;
  exportsDir: string;
  libraryRoots: string[];
}

/** The per-user default data folder, following each platform's convention. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHOTLINE_DATA_DIR) return resolve(env.SHOTLINE_DATA_DIR);
  const home = homedir();
  switch (platform()) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Shotline');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Shotline');
    default:
      return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'shotline');
  }
}

export function libraryPaths(dataDir: string): LibraryPaths {
  const root = resolve(dataDir);
  const mediaDir = join(root, 'media');
  const exportsDir = join(root, 'exports');
  return {
    dataDir: root,
    dbFile: join(root, 'shotline.db'),
    logDir: join(root, 'logs'),
    mediaDir,
    exportsDir,
    libraryRoots: [mediaDir, exportsDir],
  };
}
