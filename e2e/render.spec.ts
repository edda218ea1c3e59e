import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openStudio, test } from './fixtures/studio';
import { RenderPage } from './pages/RenderPage';
import { StoryboardPage } from './pages/StoryboardPage';
import { ProjectPickerPage } from './pages/ProjectPickerPage';

test.describe('render and export from the UI', () => {
  test('Render makes a watermarked MP4 of the storyboard with live progress, thumbnails and playable takes', async ({ page, studio }) => {
    test.setTimeout(180_000);
    await openStudio(page, studio);
    await new ProjectPickerPage(page).open('Sample — Rooftop at Dusk');
    const board = new StoryboardPage(page);
    await expect(board.cards()).toHaveCount(4);
    // Previz thumbnails replace the sketches before anything is rendered.
    await expect(board.cards().first().getByTestId('previz-thumb')).toBeVisible();
    const thumbOk = await board
      .cards()
      .first()
      .getByTestId('previz-thumb')
      .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
    expect(thumbOk).toBe(true);

    const render = new RenderPage(page);
    await render.exportWith({ creator: 'E2E Creator', fileName: 'from-the-ui', editLists: true });
    // The toast counts shots as shots: the sample's four lines are spoken first, in jobs of their own.
    await expect(page.getByRole('status').filter({ hasText: 'Queued: 4 shot(s) to render and 4 job(s) they need first' })).toBeVisible();

    // The export says what it waits for.
    await expect(render.job(/Export "Sample — Rooftop at Dusk"/).locator('.queue-stage')).toContainText(/Waits for \d shots?/);
    // Progress is shown with a stage and an ETA while shots render.
    const running = render.queue().locator('.queue-job[data-state="running"]').first();
    await expect(running).toBeVisible({ timeout: 30_000 });
    await expect(running.getByRole('progressbar')).toBeVisible();
    await expect(running.locator('.queue-stage')).toContainText(/%/);
    await expect(
      render
        .queue()
        .locator('.queue-stage')
        .filter({ hasText: /s left/ })
        .first(),
    ).toBeVisible({ timeout: 60_000 });

    // One bar for the whole batch (shots, lines, export), with the time left in all.
    await expect(page.getByTestId('queue-overall')).toContainText(/of 9 jobs to go · \d+% · about .* left in all/, { timeout: 30_000 });
    const exportJob = render.job(/Export "Sample — Rooftop at Dusk"/);
    await expect(exportJob).toHaveAttribute('data-state', 'succeeded', { timeout: 150_000 });
    await expect(page.getByRole('status').filter({ hasText: /Export finished: .*from-the-ui\.mp4/ })).toBeVisible();
    // The creator name is saved for next time (long since, by now), but not as an edit: there is still nothing to undo.
    await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeDisabled();
    const file = join(studio.dataDir, 'exports', 'from-the-ui.mp4');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).size).toBeGreaterThan(50_000);
    // The edit lists asked for in the dialog lie beside it, for Final Cut and Resolve, and for Premiere.
    expect(readFileSync(join(studio.dataDir, 'exports', 'from-the-ui.fcpxml'), 'utf8')).toContain('<asset-clip ');
    expect(readFileSync(join(studio.dataDir, 'exports', 'from-the-ui.premiere.xml'), 'utf8')).toContain('<xmeml version="4">');
    const download = exportJob.getByRole('link', { name: 'Download' });
    await expect(download).toBeVisible();
    const href = await download.getAttribute('href');
    const res = await page.request.get(new URL(href!, studio.origin).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('video/mp4');

    // The finished export plays in the studio: the file itself, its length and size read from it.
    await exportJob.getByRole('button', { name: '▶ Play' }).click();
    const player = page.getByRole('dialog', { name: /Export "Sample — Rooftop at Dusk"/ });
    await expect(player).toBeVisible();
    await expect(player.getByTestId('player-meta')).toContainText(/^19\.5 s · 1280×720 · .*from-the-ui\.mp4$/, { timeout: 20_000 });
    const exported = player.locator('video');
    await expect.poll(() => exported.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.3);
    await page.keyboard.press('Escape');
    await expect(player).toBeHidden();

    // The next export of this project starts from the choices of this one.
    const again = await render.openExportDialog();
    await expect(again.getByLabel(/Edit lists of the cut/)).toBeChecked();
    await expect(again.getByLabel(/Subtitles/)).toBeChecked();
    // A file name the disk (any of them) would refuse is flagged as it is typed, and cannot be rendered.
    const name = again.getByLabel('File name');
    for (const [typed, why] of [
      ['CON', /Windows reserves/],
      ['Act 1/2', /must not contain \//],
    ] as const) {
      await name.fill(typed);
      await expect(again.getByText(why)).toBeVisible();
      await expect(name).toHaveAttribute('aria-invalid', 'true');
      await expect(again.getByRole('button', { name: 'Render' })).toBeDisabled();
    }
    await name.fill('Act 1 of 2');
    await expect(name).toHaveAttribute('aria-invalid', 'false');
    await expect(again.getByRole('button', { name: 'Render' })).toBeEnabled();
    await again.getByRole('button', { name: 'Cancel' }).click();
    await expect(again).toBeHidden();

    // Every card now shows its rendered take, and the selected shot plays.
    await expect(page.getByTestId('take-thumb')).toHaveCount(4);
    await render.queue().getByRole('button', { name: 'Close the queue' }).click();
    await board.select(1);
    const video = page.getByTestId('take-video');
    await expect(video).toBeVisible();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 1 && v.duration > 1), { timeout: 20_000 }).toBe(true);
    const probe = execFileSync((createRequire(__filename)('@ffprobe-installer/ffprobe') as { path: string }).path, [
      '-v',
      'error',
      '-show_entries',
      'format_tags=artist,ai_generated',
      '-of',
      'json',
      file,
    ]).toString();
    expect(JSON.parse(probe).format.tags).toMatchObject({ artist: 'E2E Creator', ai_generated: 'true' });

    // Exporting to the same name again is refused until the user chooses to replace the file.
    const size = statSync(file).size;
    const dialog = await render.openExportDialog();
    // The dialog says how much room the folder has against the most the export may need, as the folder is typed.
    await expect(dialog.getByRole('status')).toHaveText(/^[\d.]+ [KMG]B free here; this export may need up to [\d.]+ [KMG]B\.$/);
    const folder = dialog.getByLabel('Folder');
    const exportsDir = await folder.inputValue();
    await folder.fill(`${exportsDir}/not-made-yet`);
    await expect(dialog.getByRole('status')).toHaveText('This folder does not exist: create it first, or choose another.');
    await folder.fill(exportsDir);
    await expect(dialog.getByRole('status')).toContainText('free here');
    await dialog.getByLabel('File name').fill('from-the-ui');
    await dialog.getByRole('button', { name: 'Render' }).click();
    await expect(dialog.getByRole('alert')).toContainText('from-the-ui.mp4 already exists');
    expect(statSync(file).size).toBe(size);
    await dialog.getByRole('button', { name: 'Replace and render' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'Every shot is already rendered with these settings' })).toBeVisible();
    await expect(
      render
        .queue()
        .locator('.queue-job[data-state="succeeded"]')
        .filter({ hasText: /Export "Sample/ }),
    ).toHaveCount(2, {
      timeout: 90_000,
    });
  });

  test('selected shots: Ctrl-click and Shift-click select several, R renders only those, Q shows the queue, Delete removes them and undo brings them back', async ({
    page,
    studio,
  }) => {
    test.setTimeout(120_000);
    await openStudio(page, studio);
    await new ProjectPickerPage(page).open('Sample — Rooftop at Dusk');
    const board = new StoryboardPage(page);
    await expect(board.cards()).toHaveCount(4);
    await board.select(2);
    await board.card(4).click({ modifiers: ['Control'] });
    await expect(board.card(2)).toHaveAttribute('aria-pressed', 'true');
    await expect(board.card(3)).toHaveAttribute('aria-pressed', 'false');
    await expect(board.card(4)).toHaveAttribute('aria-pressed', 'true');
    const renderButton = page.getByRole('button', { name: 'Render 2 selected shots' });
    await expect(renderButton).toBeVisible();

    // With the queue held, R queues the two selected shots and nothing runs: the batch bar says it is held, not a time left.
    const render = new RenderPage(page);
    await page.keyboard.press('q');
    await render
      .queue()
      .getByRole('button', { name: /Hold queue/ })
      .click();
    await page.keyboard.press('q');
    await expect(render.queue()).toBeHidden();
    // R renders the two selected shots and nothing else; Q opens the queue to watch them.
    await page.keyboard.press('r');
    await expect(page.getByRole('status').filter({ hasText: 'Rendering 2 of the 2 selected shots' })).toBeVisible();
    await expect(render.queue()).toBeVisible();
    await expect(page.getByTestId('queue-overall')).toContainText('held: resume the queue or a paused job to go on');
    await render
      .queue()
      .getByRole('button', { name: /Resume queue/ })
      .click();
    await expect(render.queue().getByRole('button', { name: /Hold queue/ })).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('q');
    await expect(render.queue()).toBeHidden();
    await page.keyboard.press('q');
    await expect(render.queue()).toBeVisible();
    await expect(
      render
        .queue()
        .locator('.queue-job')
        .filter({ hasText: /^.*Shot \d/ }),
    ).toHaveCount(2);
    await expect(render.job(/Shot 2 "Mara arrives"/)).toBeVisible();
    await expect(render.job(/Shot 4 "Two-shot at the ledge"/)).toBeVisible();
    await expect(render.job(/Shot 1 /)).toHaveCount(0);
    await expect(render.job(/Shot 4 "Two-shot at the ledge"/)).toHaveAttribute('data-state', 'succeeded', { timeout: 90_000 });
    await expect(render.job(/Shot 2 "Mara arrives"/)).toHaveAttribute('data-state', 'succeeded', { timeout: 90_000 });

    // Shift-click selects a run; Delete removes all of it in one step, which one undo brings back.
    await page.keyboard.press('q');
    await board.select(1);
    await board.card(3).click({ modifiers: ['Shift'] });
    await expect(page.getByRole('button', { name: 'Render 3 selected shots' })).toBeVisible();
    await page.keyboard.press('Delete');
    await expect(board.cards()).toHaveCount(1);
    await expect(page.getByRole('status').filter({ hasText: 'Deleted 3 shots' })).toBeVisible();
    await board.waitSaved();

    // Shot 2's take is now used by no shot: the render cache under the queue says so, and removes it when asked.
    await page.keyboard.press('q');
    const cache = render.queue().getByRole('region', { name: 'Render cache' });
    await expect(cache.getByTestId('cache-usage')).toHaveText(
      /^1 take in use \([\d.]+ [KMG]B\) · 0 older \(0 KB\) · 1 unused \([\d.]+ [KMG]B\)$/,
    );
    await cache.getByRole('button', { name: 'Remove unused…' }).click();
    const confirm = page.getByRole('dialog', { name: /^Remove 1 take \([\d.]+ [KMG]B\)\?$/ });
    await expect(confirm).toContainText('No project in this studio uses them');
    await confirm.getByRole('button', { name: 'Remove takes' }).click();
    await expect(cache.getByRole('status')).toHaveText(/^Removed 1 take, freed [\d.]+ [KMG]B\.$/);
    await expect(cache.getByTestId('cache-usage')).toContainText('· 0 unused (0 KB)');
    await expect(cache.getByRole('button', { name: 'Remove unused…' })).toBeDisabled();
    await page.keyboard.press('q');
    await expect(render.queue()).toBeHidden();

    await board.undo();
    await expect(board.cards()).toHaveCount(4);
    await expect(board.card(2)).toContainText('Mara arrives');
    // The shot comes back without the take that was removed; shot 4 keeps its own.
    await expect(board.card(2).getByTestId('take-thumb')).toHaveCount(0);
    await expect(board.card(4).getByTestId('take-thumb')).toHaveCount(1);

    // Escape goes back to the focused shot alone.
    await board.card(2).click({ modifiers: ['Control'] });
    await expect(page.getByRole('button', { name: /Render \d selected shots/ })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: 'Render this shot' })).toBeVisible();

    // In another project the queue still lists these jobs, named by the project they belong to.
    await page.getByRole('button', { name: 'All projects' }).click();
    await new ProjectPickerPage(page).createProject('Another project');
    await page.keyboard.press('q');
    await expect(render.job(/Shot 2 "Mara arrives"/).locator('.queue-project')).toHaveText('Sample — Rooftop at Dusk');
  });
});
