import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { createShotRenderer, planShot } from '../../../../src/main/engine/pipelines/previz';
import { blocking, tiny } from '../previz/fixtures';

const W = 640;
const H = 360;

describe('a cameo in previz', () => {
  it('draws the cut-out in place of the figure and animates its mouth with the visemes', async () => {
    // The public-domain astronaut portrait as a cut-out (opaque), with the face and mouth the face mesh finds in it.
    const img = await loadImage(join(__dirname, '..', '..', '..', 'fixtures', 'images', 'portrait-astronaut.jpg'));
    const c = createCanvas(320, 320);
    c.getContext('2d').drawImage(img, 0, 0);
    const path = join(mkdtempSync(join(tmpdir(), 'shotline-cutout-')), 'cutout.png');
    writeFileSync(path, await c.encode('png'));
    const cutout = {
      path,
      face: { x: 93 / 320, y: 29 / 320, width: 94 / 320, height: 94 / 320 },
      mouth: { x: 126 / 320, y: 86 / 320, width: 27 / 320, height: 9 / 320 },
    };
    const p = tiny([{ shotType: 'medium', characters: [blocking('char_ana')] }]);
    p.characters[0]!.cameoId = 'cameo_1';
    p.shots[0]!.dialogue = [
      {
        id: 'line_1',
        characterId: 'char_ana',
        text: 'Hello.',
        source: 'tts',
        assetPath: null,
        offsetFrames: 0,
        trimStartFrames: 0,
        trimEndFrames: 0,
      },
    ];
    const asked: string[] = [];
    const plan = planShot(p, 0, {
      size: { width: W, height: H },
      cameo: (id, facing) => (asked.push(`${id}:${facing}`), cutout),
    });
    expect(asked).toEqual(['cameo_1:camera']);
    expect(plan.figures[0]!.cutout).toEqual(cutout);
    const without = planShot(p, 0, { size: { width: W, height: H } });
    expect(without.figures[0]!.cutout).toBeUndefined();

    const r = await createShotRenderer(plan);
    r.setMouths({ char_ana: 'D'.repeat(plan.durationFrames) });
    const open = Buffer.from(r.frame(0));
    r.setMouths({ char_ana: 'X'.repeat(plan.durationFrames) });
    const rest = Buffer.from(r.frame(0));
    const plain = await createShotRenderer(without);
    const drawn = Buffer.from(plain.frame(0));
    // The mouth changes in a small box only; the picture there is the photo, not the drawn figure.
    let changed = 0;
    let x0 = W;
    let x1 = 0;
    let orange = 0;
    let orangeDrawn = 0;
    for (let i = 0; i < W * H; i++) {
      const d = Math.abs(open[i * 4]! - rest[i * 4]!) + Math.abs(open[i * 4 + 1]! - rest[i * 4 + 1]!);
      if (d > 30) {
        changed++;
        x0 = Math.min(x0, i % W);
        x1 = Math.max(x1, i % W);
      }
      const isOrange = (b: Buffer) => b[i * 4]! > 170 && b[i * 4 + 1]! > 60 && b[i * 4 + 1]! < 140 && b[i * 4 + 2]! < 90;
      if (isOrange(rest)) orange++;
      if (isOrange(drawn)) orangeDrawn++;
    }
    expect(changed).toBeGreaterThan(10);
    expect(changed).toBeLessThan(W * H * 0.01);
    expect(x1 - x0).toBeLessThan(W * 0.1);
    expect(orange).toBeGreaterThan(W * H * 0.02);
    expect(orangeDrawn).toBeLessThan(orange / 10);
  });
});
