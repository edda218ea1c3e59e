import { expect, type Locator, type Page } from '@playwright/test';

/** The Render button, the export dialog and the render queue panel. */
export class RenderPage {
  constructor(readonly page: Page) {}

  queue(): Locator {
    return this.page.getByRole('complementary', { name: 'Render queue' });
  }

  job(label: RegExp): Locator {
    return this.queue().locator('.queue-job').filter({ hasText: label });
  }

  async openExportDialog(): Promise<Locator> {
    await this.page.getByRole('button', { name: '● Render' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Render and export' });
    await expect(dialog).toBeVisible();
    // The defaults (folder, file name) arrive from the engine.
    await expect(dialog.getByLabel('File name')).not.toHaveValue('');
    return dialog;
  }

  async exportWith(opts: { preset?: string; creator?: string; fileName?: string; editLists?: boolean }): Promise<void> {
    const dialog = await this.openExportDialog();
    if (opts.preset) await dialog.getByLabel('Preset').selectOption(opts.preset);
    if (opts.fileName) await dialog.getByLabel('File name').fill(opts.fileName);
    if (opts.creator !== undefined) await dialog.getByLabel(/Creator name/).fill(opts.creator);
    if (opts.editLists) await dialog.getByLabel(/Edit lists of the cut/).check();
    await dialog.getByRole('button', { name: 'Render' }).click();
    await expect(dialog).toBeHidden();
    await expect(this.queue()).toBeVisible();
  }
}
