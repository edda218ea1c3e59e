import { join } from 'node:path';
import type { Facing } from '../../../shared/domain';
import type { CameoCutout } from '../pipelines/previz/types';
import type { CameoStore } from './cameoStore';

/** The yaw each facing wants: the camera, or turned about 30° to the frame's left or right. */
const WANT: Record<Exclude<Facing, 'away'>, number> = { camera: 0, left: -30, right: 30 };

/**
 * Picks the cut-out of a cameo for a figure: the captured frame whose head yaw is nearest the way
 * the figure faces. A revoked cameo gives none (previz draws the plain figure).
 */
export function cameoCutoutPicker(store: CameoStore, mediaDir: string) {
  return (cameoId: string, facing: Facing): CameoCutout | null => {
    const c = store.cameo(cameoId);
    if (!c || c.status === 'revoked' || facing === 'away') return null;
    const frames = c.likeness.frames.filter((f) => f.face);
    if (!frames.length) {
      const f = c.likeness.frames[0];
      return f ? { path: join(mediaDir, f.cutout), face: { x: 0.25, y: 0.05, width: 0.5, height: 0.4 }, mouth: null } : null;
    }
    const want = WANT[facing];
    const best = frames.reduce((a, b) => (Math.abs(b.yaw - want) < Math.abs(a.yaw - want) ? b : a));
    return { path: join(mediaDir, best.cutout), face: best.face!, mouth: best.mouth };
  };
}
