import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/**
 * Mounts a real, tiny filesystem (tmpfs of `bytes`) on `dir`, so a test can fill a disk for real.
 * Needs the right to mount (root, as on CI); returns why not where that is missing.
 */
export function mountSmallDisk(dir: string, bytes: number): { unmount: () => void } | { reason: string } {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    return { reason: `cannot mount a small tmpfs here (${(err.stderr?.toString() || err.message).trim()})` };
  }
  let mounted = true;
  return {
    // Idempotent: call it in a finally and again from the test's own cleanup (a timeout skips finally).
    unmount: () => {
      if (mounted) execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      mounted = false;
    },
  };
}
