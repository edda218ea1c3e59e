import { rmSync } from 'node:fs';
import { signUp, startFeed } from './fixtures/feed';
import { expect, openStudio, test } from './fixtures/studio';
import { ProjectPickerPage } from './pages/ProjectPickerPage';
import { RenderPage } from './pages/RenderPage';
import { StoryboardPage } from './pages/StoryboardPage';

test('upload an export from the studio, see it in the Feed panel, remix it into a new project', async ({ page, studio }) => {
  test.setTimeout(180_000);
  const feed = await startFeed();
  try {
    const account = { token: await signUp(feed.url, 'e2e') };

    await openStudio(page, studio);
    const picker = new ProjectPickerPage(page);
    await picker.createProject('Feed trip');
    const board = new StoryboardPage(page);
    await board.addShot();
    await board.select(1);
    await board.setField('Prompt', 'a paper boat on a rainy street');

    // Sign in to the feed.
    await page.getByRole('button', { name: 'Feed', exact: true }).click();
    const panel = page.getByRole('complementary', { name: 'Feed' });
    await panel.getByLabel('Feed address').fill(feed.url);
    await panel.getByLabel('API token').fill(account.token);
    await panel.getByRole('button', { name: 'Sign in' }).click();
    await expect(panel).toContainText('as e2e');
    await expect(panel.getByText('No posts match.')).toBeVisible();

    // Export, then upload the export from the queue.
    const render = new RenderPage(page);
    await render.exportWith({ creator: 'E2E', fileName: 'feed-trip' });
    const exportJob = render.job(/Export "Feed trip"/);
    await expect(exportJob).toHaveAttribute('data-state', 'succeeded', { timeout: 120_000 });
    await exportJob.getByRole('button', { name: 'Upload to feed' }).click();
    const upload = render.job(/Upload "Feed trip"/);
    await expect(upload).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });

    // The post is in the Feed panel, with its thumbnail; the filter says how it was understood.
    await page.getByRole('button', { name: 'Feed', exact: true }).click();
    const post = panel.getByRole('listitem', { name: 'Post Feed trip' });
    await expect(post).toBeVisible();
    await expect(post.locator('img')).toBeVisible();
    await panel.getByLabel('Filter the feed').fill('cinematic clips by e2e');
    await panel.getByRole('button', { name: 'Filter' }).click();
    await expect(panel.getByTestId('feed-interpretation')).toHaveText('Showing: style: cinematic · by e2e');
    await expect(post).toBeVisible();
    await post.getByRole('button', { name: 'Play Feed trip' }).click();
    await expect(post.locator('video')).toBeVisible();

    // Remix: a new project from the post's storyboard, marked as a remix.
    await post.getByRole('button', { name: 'Remix' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Remixing "Feed trip"/ })).toBeVisible();
    await expect(page.getByTestId('remix-of')).toHaveText(/Remix of “Feed trip by e2e”/);
    await board.select(1);
    await expect(board.inspector().getByLabel('Prompt', { exact: true })).toHaveValue('a paper boat on a rainy street');
  } finally {
    feed.child.kill('SIGTERM');
    rmSync(feed.dir, { recursive: true, force: true });
  }
});
