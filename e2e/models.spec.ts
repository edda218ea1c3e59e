import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeKeyframePack } from '../test/support/packs';
import { expect, openStudio, test } from './fixtures/studio';
import { ModelsPage } from './pages/ModelsPage';
import { ProjectPickerPage } from './pages/ProjectPickerPage';
import { RenderPage } from './pages/RenderPage';
import { StoryboardPage } from './pages/StoryboardPage';

/** Serves a folder over loopback HTTP, as a pack host would. */
async function serveFolder(folder: string): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const file = join(folder, decodeURIComponent(new URL(req.url!, 'http://x').pathname));
    if (!file.startsWith(folder) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test.describe('model manager', () => {
  test('lists verified built-in models; a pack downloaded through the UI renders a shot through the queue', async ({ page, studio }) => {
    test.setTimeout(150_000);
    const packDir = writeKeyframePack(join(mkdtempSync(join(tmpdir(), 'shotline-e2e-pack-')), 'synthetic-keyframes'));
    const { server, base } = await serveFolder(packDir);
    try {
      await openStudio(page, studio);
      await new ProjectPickerPage(page).open('Sample — Rooftop at Dusk');
      const models = new ModelsPage(page);
      await models.open();
      for (const id of ['silero-vad', 'blazeface-short-range', 'blazeface-full-range']) {
        await expect(models.model(id)).toHaveAttribute('data-status', 'ok');
      }
      await expect(models.model('silero-vad')).toContainText('licence MIT');
      await expect(models.model('blazeface-short-range')).toContainText('licence Apache-2.0');
      await expect(models.panel().getByTestId('provider-order')).toContainText(/CPU/);

      // Download the pack: size and licence are shown first; nothing installs before the licence is accepted.
      const offer = await models.downloadPack(`${base}/manifest.json`);
      await expect(offer).toContainText('Synthetic keyframes (test)');
      await expect(offer).toContainText(/free on this disk/);
      await expect(offer.getByLabel(/Licence: CC0-1.0/)).toContainText('CC0');
      await offer.getByRole('button', { name: 'Download and install' }).click();
      const render = new RenderPage(page);
      await expect(render.job(/Download Synthetic keyframes/)).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });

      // The pack now draws shot 1: its keyframe becomes the shot's plate.
      await render.queue().getByRole('button', { name: 'Close the queue' }).click();
      const board = new StoryboardPage(page);
      await board.select(1);
      await board.inspector().getByLabel('Engine').selectOption('synthetic-keyframes');
      await expect(board.cards().first()).toContainText('Pack · synthetic-keyframes');
      await page.getByRole('button', { name: 'Render this shot' }).click();
      await expect(render.job(/Generate shot 1/)).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
      await expect(render.job(/Shot 1 "Establishing"/)).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
      await render.queue().getByRole('button', { name: 'Close the queue' }).click();
      await expect(board.cards().first()).toContainText('Take · Synthetic keyframes (test)');
      await expect(page.getByTestId('take-video')).toBeVisible();

      // It is listed as an installed pack.
      await models.open();
      await expect(models.model('synthetic-keyframes')).toHaveAttribute('data-status', 'ok');
      await expect(models.model('synthetic-keyframes')).toContainText('Pack');
    } finally {
      server.close();
    }
  });
});
