import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

/** Font families previz draws text with; registered from the bundled dejavu-fonts-ttf package. */
export const FONT_SANS = 'Shotline Previz Sans';
export const FONT_SERIF = 'Shotline Previz Serif';

const FILES: [file: string, family: string][] = [
  ['DejaVuSans.ttf', FONT_SANS],
  ['DejaVuSans-Bold.ttf', FONT_SANS],
  ['DejaVuSerif.ttf', FONT_SERIF],
  ['DejaVuSerif-Bold.ttf', FONT_SERIF],
  ['DejaVuSerif-Italic.ttf', FONT_SERIF],
];

/**
 * The module's own location, in both worlds the engine runs in: CommonJS when electron-vite
 * bundles it (where `__filename` exists) and ESM under Vitest or plain Node.
 */
function moduleRequire(): NodeJS.Require {
  return createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
}

/** The folder holding the DejaVu TTF files. */
export function fontDir(): string {
  return join(dirname(moduleRequire().resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

// Process-wide, because Skia's font collection is: registering twice would only waste memory.
let registered = false;

/**
 * Registers the previz fonts once per process. The files are read with fs (which Electron
 * patches to read inside app.asar) and registered from memory, so a packaged app needs no unpacking.
 * Under their own family names, so a system font called "DejaVu Sans" can never change the pixels.
 */
export function ensureFonts(): void {
  if (registered) return;
  const dir = fontDir();
  for (const [file, family] of FILES) {
    const path = join(dir, file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw new Error(`Previz could not read its font ${path} (${(e as Error).message}). Reinstall Shotline.`, { cause: e });
    }
    if (!GlobalFonts.register(bytes, family)) throw new Error(`Previz could not load its font ${path}. Reinstall Shotline.`);
  }
  registered = true;
}
