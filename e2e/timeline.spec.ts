import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openStudio, test } from './fixtures/studio';
import { ProjectPickerPage } from './pages/ProjectPickerPage';
import { RenderPage } from './pages/RenderPage';
import { StoryboardPage } from './pages/StoryboardPage';

import { decodeMono, rmsWindows } from '../test/support/audio';

/** A file's loudness envelope: RMS per 5 ms of its sound (the first `seconds` of it, when given). */
function envelope(file: string, seconds?: number): number[] {
  const head = seconds ? `atrim=duration=${seconds},` : '';
  return rmsWindows(decodeMono(file, { filter: `${head}highpass=f=120` }), 80);
}

/** How much later the sound of `b` is than that of `a`, in seconds (cross-correlation, ±1 s). */
function shiftSeconds(a: number[], b: number[]): number {
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(a);
  const mb = mean(b);
  let best = { lag: 0, c: -Infinity };
  for (let lag = -200; lag <= 200; lag++) {
    let c = 0;
    for (let i = 0; i < a.length; i++) {
      const j = i + lag;
      if (j >= 0 && j < b.length) c += (a[i]! - ma) * (b[j]! - mb);
    }
    if (c > best.c) best = { lag, c };
  }
  return (best.lag * 80) / 16000;
}

test('a new line shows its waveform and mouth shapes; dragging it half a second later moves the export’s sound by as much', async ({
  page,
  studio,
}) => {
  test.setTimeout(300_000);
  await openStudio(page, studio);
  await new ProjectPickerPage(page).open('Sample — Rooftop at Dusk');
  const board = new StoryboardPage(page);
  await board.select(1);
  await board.inspector().getByRole('button', { name: 'Add dialogue line' }).click();
  await board.setField('Line 1 text', 'Look at the water tower, the lights are coming on.');
  const timeline = page.getByRole('region', { name: 'Dialogue timeline' });
  const region = timeline.getByTestId('line-region');
  await expect(region).toHaveCount(1);
  await expect(region.getByTestId('waveform')).toBeVisible({ timeout: 20_000 });
  // wavesurfer.js draws it from the engine's peaks.
  await expect(region.getByTestId('waveform').locator('canvas').first()).toBeVisible();
  const shapes = await region
    .getByTestId('visemes')
    .locator('span')
    .evaluateAll((s) => s.map((e) => e.getAttribute('title')?.split(': ')[1]));
  expect(shapes.length).toBeGreaterThan(40);
  expect(new Set(shapes).size).toBeGreaterThan(4);
  await timeline.getByRole('button', { name: 'Check sync' }).click();
  await expect(region.getByTestId('sync-badge')).toHaveText(/^[+-]?\d+ ms$/);

  let last: string | null = null;
  const take = async () => {
    await page.getByRole('button', { name: 'Render this shot' }).click();
    const video = page.getByTestId('take-video');
    await expect(video).toBeVisible({ timeout: 60_000 });
    // A new take replaces the previous one when it is attached to the shot.
    await expect.poll(() => video.getAttribute('src'), { timeout: 60_000 }).not.toBe(last);
    const src = (await video.getAttribute('src'))!;
    last = src;
    return join(studio.dataDir, decodeURIComponent(new URL(src, studio.origin).pathname.replace(/^\/media\//, '')));
  };
  await take();
  // The exported MP4 before the drag (shot 1 opens the cut; its first 3.5 s hold the line).
  const render = new RenderPage(page);
  const exported = async (name: string) => {
    await render.exportWith({ fileName: name, preset: '720p' });
    const job = render.job(/Export "Sample — Rooftop at Dusk"/).filter({ hasText: `${name}.mp4` });
    await expect(job).toHaveAttribute('data-state', 'succeeded', { timeout: 150_000 });
    await page.getByRole('button', { name: /^Queue/ }).click();
    return envelope(join(studio.dataDir, 'exports', `${name}.mp4`), 3.5);
  };
  const before = await exported('before-drag');

  // Transport: Space plays the take and the playhead follows; arrows step one frame.
  const timeline2 = page.getByRole('region', { name: 'Dialogue timeline' });
  const timecode = timeline2.getByTestId('playhead-timecode');
  await timeline2.focus();
  await page.keyboard.press('Space');
  await expect
    .poll(async () => Number(/frame (\d+)/.exec((await timecode.textContent()) ?? '')?.[1]), { timeout: 10_000 })
    .toBeGreaterThan(10);
  await page.keyboard.press('k');
  await page.keyboard.press('Home');
  await expect(timecode).toContainText('frame 0');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(timecode).toContainText('frame 2');
  const start = Number(await region.getAttribute('data-offset'));

  // Drag right by half a second (12 frames at 24 fps).
  const box = (await region.boundingBox())!;
  const lane = (await timeline.locator('.lane-body').first().boundingBox())!;
  const ppf = lane.width / 96;
  await page.mouse.move(box.x + 10, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 10 + 6 * ppf, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + 10 + 12 * ppf, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect(region).toHaveAttribute('data-offset', String(start + 12));
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');

  // The export's sound moved by as much: the mix, ducking and loudness follow the line.
  const after = await exported('after-drag');
  expect(Math.abs(shiftSeconds(before, after) - 0.5)).toBeLessThanOrEqual(1 / 24);

  // Drag the start edge a quarter second right: the line is trimmed there (its sound stays anchored,
  // so the region's left edge moves and its offset does not); one undo takes it back.
  const edge = (await region.getByTestId('trim-start').boundingBox())!;
  const left = (await region.boundingBox())!.x;
  await page.mouse.move(edge.x + 2, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + 2 + 6 * ppf, edge.y + edge.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(region).toHaveAttribute('data-trim-start', '6');
  await expect(region).toHaveAttribute('data-offset', String(start + 12));
  expect(Math.abs((await region.boundingBox())!.x - left - 6 * ppf)).toBeLessThan(2);
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  await board.undo();
  await expect(region).toHaveAttribute('data-trim-start', '0');
});

test('a recorded take: a denied microphone says what to do; an imported file becomes the line’s take with its mouth shapes', async ({
  page,
  studio,
}) => {
  test.setTimeout(90_000);
  await openStudio(page, studio);
  await new ProjectPickerPage(page).open('Sample — Rooftop at Dusk');
  const board = new StoryboardPage(page);
  await board.select(1);
  await board.inspector().getByRole('button', { name: 'Add dialogue line' }).click();
  await board.setField('Line 1 text', 'Look at the water tower, the lights are coming on.');
  // The studio speaks the line (text to speech); that speech stands in for a recording made elsewhere.
  const timeline = page.getByRole('region', { name: 'Dialogue timeline' });
  await expect(timeline.getByTestId('waveform')).toBeVisible({ timeout: 20_000 });
  const spoken = readdirSync(join(studio.dataDir, 'media', 'dialogue')).find((n) => n.endsWith('.wav'))!;
  const wav = join(studio.dataDir, 'my-take.wav');
  copyFileSync(join(studio.dataDir, 'media', 'dialogue', spoken), wav);
  await board.inspector().getByLabel('Voice source').selectOption('recorded');
  await expect(board.inspector().getByText('No take yet')).toBeVisible();

  await board.inspector().getByRole('button', { name: 'Record a take of line 1' }).click();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /microphone/i })
      .first(),
  ).toBeVisible();

  await board.inspector().getByLabel('Take file for line 1').setInputFiles(wav);
  await expect(board.inspector().getByText('Using its take')).toBeVisible({ timeout: 30_000 });
  const region = timeline.getByTestId('line-region');
  await expect(region.getByTestId('waveform')).toBeVisible({ timeout: 20_000 });
  // wavesurfer.js draws it from the engine's peaks.
  await expect(region.getByTestId('waveform').locator('canvas').first()).toBeVisible();
  await expect(region).toHaveAttribute('title', /force-aligned/);
  const shapes = await region.getByTestId('visemes').locator('span').count();
  expect(shapes).toBeGreaterThan(40);
});
