import { createRequire } from 'node:module';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

/** Inside a packaged app, files a child process must open (binaries, fonts) sit in app.asar.unpacked. */
export const asarUnpacked = (p: string): string => p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');

/** The bundled ffmpeg and ffprobe, overridable with SHOTLINE_FFMPEG / SHOTLINE_FFPROBE. */
export function resolveMediaTools(env: NodeJS.ProcessEnv = process.env): MediaTools {
  const require = createRequire(import.meta.url);
  const ffmpeg = env.SHOTLINE_FFMPEG ?? (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  const ffprobe = env.SHOTLINE_FFPROBE ?? (require('@ffprobe-installer/ffprobe') as { path: string }).path;
  return { ffmpeg: asarUnpacked(ffmpeg), ffprobe: asarUnpacked(ffprobe) };
}
