import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { signUp, startFeed } from './fixtures/feed';
import { expect, openStudio, startStudio, stopStudio, test } from './fixtures/studio';
import { CameosPage } from './pages/CameosPage';
import { ProjectPickerPage } from './pages/ProjectPickerPage';

/** Signs a studio in to a feed from its Feed panel, then closes the panel. */
async function signIn(page: Page, feedUrl: string, token: string, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Feed', exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Feed' });
  await panel.getByLabel('Feed address').fill(feedUrl);
  await panel.getByLabel('API token').fill(token);
  await panel.getByRole('button', { name: 'Sign in' }).click();
  await expect(panel).toContainText(`as ${name}`);
  await page.getByRole('button', { name: 'Feed', exact: true }).click();
}

test('a cameo shared with another studio: imported, asked for on the feed, granted, then revoked', async ({ page, studio, browser }) => {
  test.setTimeout(240_000);
  const feed = await startFeed();
  const other = await startStudio();
  const bobContext = await browser.newContext();
  try {
    const [aliceToken, bobToken] = [await signUp(feed.url, 'alice'), await signUp(feed.url, 'bob')];

    // Alice captures a cameo, lets people she approves use it, publishes it and shares its file.
    await openStudio(page, studio);
    await new ProjectPickerPage(page).open('Sample — Rooftop at Dusk');
    await signIn(page, feed.url, aliceToken, 'alice');
    const alice = new CameosPage(page);
    await alice.open();
    let detail = await alice.capture('Franck', studio.dataDir);
    await detail.getByLabel('Who may use this cameo').selectOption({ label: 'People I approve' });
    await detail.getByRole('button', { name: 'Publish to feed' }).click();
    await expect(detail.getByRole('region', { name: 'Sharing through the feed' })).toBeVisible();
    await detail.getByRole('button', { name: 'Share file…' }).click();
    const shared = join(studio.dataDir, 'exports', 'Franck.shotcameo');
    await expect(detail.getByText(shared)).toBeVisible();
    expect(existsSync(shared)).toBe(true);
    await expect(detail.getByTestId('feed-requests')).toContainText('Nobody has asked on the feed yet.');

    // Bob imports it in his own studio: it is alice's, and he may not use it yet.
    const bobPage = await bobContext.newPage();
    await openStudio(bobPage, other);
    await new ProjectPickerPage(bobPage).open('Sample — Rooftop at Dusk');
    await signIn(bobPage, feed.url, bobToken, 'bob');
    const bob = new CameosPage(bobPage);
    await bob.open();
    await bob.panel().getByLabel('Shared cameo file').setInputFiles(shared);
    const bobs = bob.detail('Franck');
    await expect(bobs).toBeVisible();
    await expect(bobs).toContainText(/owned by alice \(127\.0\.0\.1:\d+\)/);
    await expect(bobs.getByTestId('feed-grant')).toHaveText('Grant: not asked yet');
    await bobs.getByRole('button', { name: 'Request on feed' }).click();
    await expect(bobs.getByTestId('feed-grant')).toHaveText('Grant: asked; waiting for the owner');

    // Alice sees the request and grants it.
    await detail.getByRole('button', { name: '← Library' }).click();
    await alice.panel().getByRole('button', { name: 'Cameo Franck' }).click();
    detail = alice.detail('Franck');
    const requests = detail.getByTestId('feed-requests');
    await expect(requests).toContainText('bob asks');
    await requests.getByRole('button', { name: 'Grant' }).click();
    await expect(requests).toContainText(/bob: granted until \d{4}-\d\d-\d\d/);

    // Bob's studio fetches the signed grant.
    await bobs.getByRole('button', { name: 'Check the feed' }).click();
    await expect(bobs.getByTestId('feed-grant')).toHaveText(/^Grant: granted · until \d{4}-\d\d-\d\d$/);

    // Alice takes it back; at bob's next look it is revoked.
    await requests.getByRole('button', { name: 'Revoke' }).click();
    await expect(requests).toContainText('bob: revoked');
    await bobs.getByRole('button', { name: 'Check the feed' }).click();
    await expect(bobs.getByTestId('feed-grant')).toHaveText('Grant: revoked by the owner');
  } finally {
    await bobContext.close();
    await stopStudio(other);
    feed.child.kill('SIGTERM');
    rmSync(feed.dir, { recursive: true, force: true });
  }
});
