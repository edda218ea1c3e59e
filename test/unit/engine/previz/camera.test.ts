import { describe, expect, it } from 'vitest';
import { CAMERA_MOVES } from '../../../../src/shared/domain';
import { layerTransform, shotProgress } from '../../../../src/main/engine/pipelines/previz';
import { OVERSCAN } from '../../../../src/main/engine/pipelines/previz/camera';

const steps = Array.from({ length: 21 }, (_, i) => i / 20);

describe('camera moves', () => {
  it('maps frames to progress from 0 to 1', () => {
    expect(shotProgress(0, 96)).toBe(0);
    expect(shotProgress(95, 96)).toBe(1);
    expect(shotProgress(0, 1)).toBe(0);
  });

  it('keeps a static camera still', () => {
    for (const t of steps) expect(layerTransform('static', t, 0.7)).toEqual({ dx: 0, dy: 0, scale: 1 });
  });

  it('moves near layers more than far ones (parallax)', () => {
    for (const move of CAMERA_MOVES.filter((m) => m !== 'static')) {
      const travel = (p: number) =>
        steps.reduce((max, t) => {
          const a = layerTransform(move, t, p);
          const b = layerTransform(move, 0, p);
          return Math.max(max, Math.abs(a.dx - b.dx) + Math.abs(a.dy - b.dy) + Math.abs(a.scale - b.scale));
        }, 0);
      if (move === 'orbit') expect(travel(1)).toBeGreaterThan(travel(0.6));
      else expect(travel(1)).toBeGreaterThan(travel(0.05));
      expect(travel(1)).toBeGreaterThan(0.01);
    }
  });

  it('eases, and never shows a plate layer edge', () => {
    const push = steps.map((t) => layerTransform('push-in', t, 1).scale);
    expect(push[1]! - push[0]!).toBeLessThan(push[11]! - push[10]!);
    for (const move of CAMERA_MOVES) {
      for (const p of [0, 0.06, 0.32, 0.55, 0.6]) {
        for (const t of steps) {
          const { dx, dy, scale } = layerTransform(move, t, p);
          expect(scale).toBeGreaterThanOrEqual(1);
          expect(Math.abs(dx)).toBeLessThan(OVERSCAN);
          expect(Math.abs(dy)).toBeLessThan(OVERSCAN);
        }
      }
    }
  });
});
