import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import {
  chestPoint,
  createShotRenderer,
  planCaptionBands,
  planShot,
  planTitleBand,
  renderThumbnail,
} from '../../../../src/main/engine/pipelines/previz';
import type { PlanOptions, PrevizShotRenderer } from '../../../../src/main/engine/pipelines/previz/types';
import { blocking, sample, tiny } from './fixtures';

const W = 320;
const H = 180;
const opts: PlanOptions = { size: { width: W, height: H } };
const dir = mkdtempSync(join(tmpdir(), 'previz-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lets the event loop turn, so the native memory of earlier frame buffers is released. */
const settle = () => new Promise((r) => setImmediate(r));

function pixel(frame: Buffer, width: number, x: number, y: number): [number, number, number, number] {
  const i = (Math.round(y) * width + Math.round(x)) * 4;
  return [frame[i]!, frame[i + 1]!, frame[i + 2]!, frame[i + 3]!];
}

/** The mean colour of a small square around (x, y): grain averages out. */
function patch(frame: Buffer, width: number, x: number, y: number, r = 2): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const p = pixel(frame, width, x + dx, y + dy);
      for (let c = 0; c < 3; c++) sum[c]! += p[c]!;
      n++;
    }
  }
  return sum.map((v) => v / n) as [number, number, number];
}

const hexRgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

describe('previz renderer', () => {
  it('draws opaque RGBA frames, byte-identical across renderers and in any order', async () => {
    const p = sample();
    for (let s = 0; s < p.shots.length; s++) {
      const plan = planShot(p, s, { ...opts, titleCard: true });
      const a = await createShotRenderer(plan);
      const b = await createShotRenderer(planShot(sample(), s, { ...opts, titleCard: true }));
      const last = plan.durationFrames - 1;
      const mid = Math.floor(last / 2);
      const fromA = [0, mid, last].map((f) => a.frame(f));
      // b renders them backwards, with other frames in between.
      const fromB = [b.frame(last), b.frame(3), b.frame(mid), b.frame(1), b.frame(0)];
      expect(fromB[4]!.equals(fromA[0]!)).toBe(true);
      expect(fromB[2]!.equals(fromA[1]!)).toBe(true);
      expect(fromB[0]!.equals(fromA[2]!)).toBe(true);
      for (const f of fromA) {
        expect(f.length).toBe(W * H * 4);
        for (let i = 3; i < f.length; i += 4) if (f[i] !== 255) expect.fail(`pixel ${(i - 3) / 4} is not opaque`);
      }
      a.dispose();
      b.dispose();
      await settle();
    }
  });

  it('says where its title card is: the slate drawn ends at the band the watermark keeps below', async () => {
    const p = sample();
    for (const size of [opts.size, { width: 180, height: 320 }]) {
      const withCard = planShot(p, 1, { size, titleCard: true });
      const band = planTitleBand(withCard)!;
      expect(planTitleBand(planShot(p, 1, { size }))).toBeNull();
      const a = await createShotRenderer(withCard);
      const b = await createShotRenderer(planShot(p, 1, { size }));
      // The lowest row where the frame with the slate differs from the one without it.
      const fa = a.frame(0);
      const fb = b.frame(0);
      let lowest = -1;
      for (let i = 0; i < fa.length; i += 4)
        if (fa[i] !== fb[i] || fa[i + 1] !== fb[i + 1] || fa[i + 2] !== fb[i + 2]) lowest = Math.floor(i / 4 / size.width);
      expect(band.startFrame).toBe(0);
      expect(band.endFrame).toBe(withCard.titleCard!.frames);
      expect(lowest + 1).toBe(band.bottom);
      // After the band, the frames are the same.
      expect(a.frame(band.endFrame).equals(b.frame(band.endFrame))).toBe(true);
      a.dispose();
      b.dispose();
      await settle();
    }
  });

  it('moves the picture during a push-in and holds it for a static shot without grain', async () => {
    const p = sample();
    const push = await createShotRenderer(planShot(p, 0, opts));
    expect(push.frame(0).equals(push.frame(push.plan.durationFrames - 1))).toBe(false);

    // Anime has no grain: a static shot with no captions is the same picture throughout.
    const still = await createShotRenderer(planShot(tiny([{ characters: [blocking('char_ana')] }], 'anime'), 0, opts));
    expect(still.frame(0).equals(still.frame(11))).toBe(true);

    // Cinematic grain animates, but is seeded: frames differ from each other and repeat exactly.
    const grainy = planShot(tiny([{ characters: [blocking('char_ana')] }], 'cinematic'), 0, opts);
    const g1 = await createShotRenderer(grainy);
    const g2 = await createShotRenderer(grainy);
    expect(g1.frame(0).equals(g1.frame(1))).toBe(false);
    expect(g1.frame(5).equals(g2.frame(5))).toBe(true);
    for (const r of [push, still, g1, g2]) r.dispose();
    await settle();
  });

  it('shows captions only while their line is on', async () => {
    const p = sample();
    p.shots[1]!.cameraMove = 'static';
    p.settings.style = 'anime';
    const plan = planShot(p, 1, opts);
    const r = await createShotRenderer(plan);
    const { start } = plan.captions[0]!;
    expect(r.frame(start - 1).equals(r.frame(0))).toBe(true);
    expect(r.frame(start).equals(r.frame(0))).toBe(false);
    r.dispose();
  });

  it.each(['anime', 'cinematic', 'noir', 'storybook', 'realistic'] as const)(
    'says where its %s captions are: every pixel a caption changes lies in its band',
    async (style) => {
      const p = sample();
      p.shots[1]!.cameraMove = 'static';
      p.settings.style = style;
      const size = { width: 640, height: 360 };
      const plan = planShot(p, 1, { size });
      const bands = planCaptionBands(plan);
      expect(bands).toHaveLength(plan.captions.length);
      const { start } = plan.captions[0]!;
      const band = bands[0]!;
      expect(band.startFrame).toBe(start);
      const r = await createShotRenderer(plan);
      const before = r.frame(start - 1);
      const during = r.frame(start);
      r.dispose();
      let changed = 0;
      let highest = Infinity;
      for (let i = 0; i < size.width * size.height; i++) {
        const d =
          Math.abs(during[i * 4]! - before[i * 4]!) +
          Math.abs(during[i * 4 + 1]! - before[i * 4 + 1]!) +
          Math.abs(during[i * 4 + 2]! - before[i * 4 + 2]!);
        // Grain moves a few levels between frames; a caption changes pixels by far more.
        if (d > 90) {
          changed++;
          highest = Math.min(highest, Math.floor(i / size.width));
        }
      }
      expect(changed).toBeGreaterThan(300);
      expect(highest).toBeGreaterThanOrEqual(band.top);
      // And the band is tight: the caption's top is within a few pixels of it.
      expect(highest - band.top).toBeLessThan(8);
    },
  );

  it('keeps a character in their colour across shots', async () => {
    const p = tiny([
      { shotType: 'wide', characters: [blocking('char_ana', { position: 'center-left' })] },
      { shotType: 'medium', characters: [blocking('char_ana', { position: 'center-right' })] },
      { shotType: 'two-shot', characters: [blocking('char_ana', { position: 'center', depth: 'foreground' })] },
    ]);
    const size = { width: 640, height: 360 };
    const colours: number[][] = [];
    for (let s = 0; s < p.shots.length; s++) {
      const plan = planShot(p, s, { size });
      const r = await createShotRenderer(plan);
      const { x, y } = chestPoint(plan, plan.figures[0]!);
      colours.push(patch(r.frame(0), size.width, x, y));
      r.dispose();
    }
    const expected = hexRgb(p.characters[0]!.color);
    for (const c of colours) {
      for (let k = 0; k < 3; k++) {
        expect(Math.abs(c[k]! - colours[0]![k]!)).toBeLessThan(6);
        expect(Math.abs(c[k]! - expected[k]!)).toBeLessThan(14);
      }
    }
  });

  it('draws noir frames in greys only', async () => {
    const p = sample();
    p.settings.style = 'noir';
    for (let s = 0; s < p.shots.length; s++) {
      const plan = planShot(p, s, { ...opts, titleCard: true });
      const r = await createShotRenderer(plan);
      for (const f of [0, plan.durationFrames - 1]) {
        const frame = r.frame(f);
        for (let i = 0; i < frame.length; i += 4) {
          if (Math.abs(frame[i]! - frame[i + 1]!) > 1 || Math.abs(frame[i + 1]! - frame[i + 2]!) > 1) {
            expect.fail(`shot ${s + 1} frame ${f}: pixel ${i / 4} is not grey (${frame[i]}, ${frame[i + 1]}, ${frame[i + 2]})`);
          }
        }
      }
      r.dispose();
      await settle();
    }
  });

  it('draws an imported plate image, and says what to do when it is missing or corrupt', async () => {
    const p = sample();
    const name = p.continuity.locations[0]!.name;
    const planWith = (file: string) => planShot(p, 0, { ...opts, locationImage: () => file });

    const missing = join(dir, 'nope.png');
    await expect(createShotRenderer(planWith(missing))).rejects.toThrow(
      `Location "${name}": the plate image ${missing} was not found. Re-import the image or clear it in the location settings.`,
    );
    const corrupt = join(dir, 'corrupt.png');
    writeFileSync(corrupt, Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7919) % 251)));
    await expect(createShotRenderer(planWith(corrupt))).rejects.toThrow(
      `Location "${name}": the plate image ${corrupt} could not be read (not an image or corrupt). Re-import the image or clear it in the location settings.`,
    );
    await expect(createShotRenderer(planWith(corrupt))).rejects.toMatchObject({ code: 'INVALID_FILE' });

    const good = join(dir, 'plate.png');
    const c = createCanvas(64, 48);
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#20c020';
    ctx.fillRect(0, 0, 64, 48);
    writeFileSync(good, await c.encode('png'));
    const withPlate = await createShotRenderer(planWith(good));
    const procedural = await createShotRenderer(planShot(p, 0, opts));
    const top = pixel(withPlate.frame(0), W, W / 2, H * 0.2);
    expect(top[1]).toBeGreaterThan(top[0]! + 40);
    expect(withPlate.frame(0).equals(procedural.frame(0))).toBe(false);
  });

  it('encodes thumbnails of the planned size', async () => {
    const plan = planShot(sample(), 2, { size: { width: 384, height: 216 } });
    const png = await renderThumbnail(plan, 10, 'png');
    const jpeg = await renderThumbnail(plan, 10, 'jpeg');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    for (const buf of [png, jpeg]) {
      const img = await loadImage(buf);
      expect([img.width, img.height]).toEqual([384, 216]);
    }
  });

  it('rejects frames outside the shot, and use after dispose', async () => {
    const r: PrevizShotRenderer = await createShotRenderer(planShot(sample(), 0, opts));
    expect(() => r.frame(-1)).toThrow(RangeError);
    expect(() => r.frame(r.plan.durationFrames)).toThrow(RangeError);
    r.dispose();
    expect(() => r.frame(0)).toThrow(/disposed/);
    await expect(createShotRenderer({ ...r.plan, version: 'previz-0' })).rejects.toThrow(/previz-0/);
  });
});
