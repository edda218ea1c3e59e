import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { expect, openStudio, test } from './fixtures/studio';
import { CameosPage } from './pages/CameosPage';
import { ProjectPickerPage } from './pages/ProjectPickerPage';
import { StoryboardPage } from './pages/StoryboardPage';

const ffmpeg = (createRequire(__filename)('@ffmpeg-installer/ffmpeg') as { path: string }).path;

/**
 * Share of pixels in a take's frame that are the lit skin of the cameo's face (its cut-out). The
 * stylised figures, the plate and the captions have almost none: outside the cut-out's head, a take's frame measured 0.0004.
 */
function skinShare(take: string, t: number): number {
  const [W, H] = [320, 180];
  const raw = execFileSync(
    ffmpeg,
    ['-v', 'error', '-ss', String(t), '-i', take, '-frames:v', '1', '-vf', `scale=${W}:${H}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    {
      maxBuffer: W * H * 3 + 1024,
    },
  );
  let n = 0;
  for (let i = 0; i < raw.length; i += 3) {
    const [r, g, b] = [raw[i]!, raw[i + 1]!, raw[i + 2]!];
    if (r > 170 && r - g >= 30 && r - g <= 90 && g - b >= 5 && g - b <= 45 && b > 80) n++;
  }
  return n / (W * H);
}

/** A take's frame at a time, as grey levels at 320×180. */
function grey(take: string, t: number): Buffer {
  return execFileSync(
    ffmpeg,
    ['-v', 'error', '-ss', String(t), '-i', take, '-frames:v', '1', '-vf', 'scale=320:180', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
    { maxBuffer: 320 * 180 + 1024 },
  );
}

/** Where two takes of the same shot differ above the caption band: the count of changed pixels and their bounding box. */
function difference(a: string, b: string, t: number): { changed: number; width: number; height: number } {
  const [x, y] = [grey(a, t), grey(b, t)];
  let changed = 0;
  let [x0, y0, x1, y1] = [320, 180, -1, -1];
  for (let r = 0; r < 180 * 0.7; r++)
    for (let c = 0; c < 320; c++) {
      const i = r * 320 + c;
      if (Math.abs(x[i]! - y[i]!) <= 24) continue;
      changed++;
      [x0, y0, x1, y1] = [Math.min(x0, c), Math.min(y0, r), Math.max(x1, c), Math.max(y1, r)];
    }
  return { changed, width: changed ? x1 - x0 + 1 : 0, height: changed ? y1 - y0 + 1 : 0 };
}

/** Finished takes: a take being muxed is in the same folder under a `.part.mp4` name until it is renamed. */
const takeFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.mp4') && !f.endsWith('.part.mp4'));

const newestTake = (dir: string) =>
  takeFiles(dir)
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;

test('import a cameo, bind it to a character, render its cut-out; after revoking it the next render is refused with the reason', async ({
  page,
  studio,
}) => {
  test.setTimeout(180_000);
  await openStudio(page, studio);
  await new ProjectPickerPage(page).open('Sample — Rooftop at Dusk');
  const board = new StoryboardPage(page);

  // Capture: the phrase the studio shows is the one the clip says.
  const cameos = new CameosPage(page);
  await cameos.open();
  const panel = cameos.panel();
  const detail = await cameos.capture('Franck', studio.dataDir);
  await expect(detail.getByText('Verified')).toBeVisible();
  await expect(detail.getByTestId('cutout').first()).toBeVisible();
  await expect(detail.getByTestId('liveness')).toContainText('Passed');

  // Bind it to Mara, who speaks in shot 2.
  const cast = page.getByRole('complementary', { name: 'Cast and continuity' });
  await cast.getByRole('button', { name: /Mara/ }).click();
  await cast
    .getByLabel('Cameo')
    .selectOption({ label: 'Franck (person, ' + (await page.getByLabel('Active profile').locator('option:checked').innerText()) + ')' });
  await board.waitSaved();
  await panel.getByRole('button', { name: 'Close cameos' }).click();
  await board.select(2);
  await page.getByRole('button', { name: 'Render this shot' }).click();
  await expect(page.getByTestId('take-video')).toBeVisible({ timeout: 90_000 });
  const takes = join(studio.dataDir, 'media', 'takes');
  const take = newestTake(takes);
  // The cut-out puts the person's face in the frame (skin tones; darkened by the dusk grade).
  expect(skinShare(take, 1)).toBeGreaterThan(0.003);

  // Its mouth moves with Mara's line: the same shot rendered without the line differs, above the
  // captions, only in a small region (the cut-out's mouth), and only while the line is spoken.
  // Rendering opened the queue in the side panel; closing it brings the shot inspector back.
  await page.getByRole('button', { name: /^Queue/ }).click();
  await page.getByRole('complementary', { name: 'Shot inspector' }).getByRole('button', { name: 'Delete dialogue line 1' }).click();
  await board.waitSaved();
  const count = takeFiles(takes).length;
  await page.getByRole('button', { name: 'Render this shot' }).click();
  await expect.poll(() => takeFiles(takes).length, { timeout: 90_000 }).toBeGreaterThan(count);
  const silent = newestTake(takes);
  const diffs = [0.6, 0.9, 1.2, 1.5, 1.8].map((t) => difference(take, silent, t));
  expect(Math.max(...diffs.map((d) => d.changed)), JSON.stringify(diffs)).toBeGreaterThan(3);
  for (const d of diffs) {
    expect(d.width, JSON.stringify(diffs)).toBeLessThan(320 * 0.12);
    expect(d.height, JSON.stringify(diffs)).toBeLessThan(180 * 0.12);
  }

  // The use is in the cameo's log.
  await page.getByRole('button', { name: /^Cameos/ }).click();
  await panel.getByRole('button', { name: 'Cameo Franck' }).click();
  await expect(detail.getByTestId('usage-log')).toContainText('render');

  // Revoke, then the next render is refused and says why.
  await detail.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(detail.getByText('Revoked', { exact: true })).toBeVisible();
  await panel.getByRole('button', { name: 'Close cameos' }).click();
  await page.getByRole('button', { name: 'Render this shot' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Cannot render' })).toContainText(
    /Cameo "Franck" was revoked by its owner .* Unbind it/,
  );
});

test('recording without camera permission says what to do and queues nothing', async ({ page, studio }) => {
  await openStudio(page, studio);
  await new ProjectPickerPage(page).open('Sample — Rooftop at Dusk');
  await page.getByRole('button', { name: /^Cameos/ }).click();
  const panel = page.getByRole('complementary', { name: 'Cameos' });
  await panel.getByRole('button', { name: '+ New cameo' }).click();
  await panel.getByLabel('Name', { exact: true }).fill('Me');
  await expect(panel.getByTestId('challenge-phrase')).not.toHaveText('“…”');
  // This browser has no camera, and the page was given no permission to use one.
  await panel.getByRole('button', { name: '● Record' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /camera/i })).toContainText(
    /Camera or microphone permission was denied, so nothing was recorded|No camera could be opened .* Import a video file instead/,
  );
  await expect(panel.getByRole('button', { name: '● Record' })).toBeEnabled();
  await page.getByRole('button', { name: /^Queue/ }).click();
  await expect(page.getByText(/Capture cameo/)).toHaveCount(0);
});
