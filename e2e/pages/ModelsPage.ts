import { expect, type Locator, type Page } from '@playwright/test';

/** The Models panel: installed models, the provider, pack install. */
export class ModelsPage {
  constructor(readonly page: Page) {}

  panel(): Locator {
    return this.page.getByRole('complementary', { name: 'Models' });
  }

  model(id: string): Locator {
    return this.panel().locator(`.model-row[data-model-id="${id}"]`);
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Models', exact: true }).click();
    await expect(this.panel()).toBeVisible();
  }

  /** Checks a pack's manifest URL, accepts its licence and starts the download. */
  async downloadPack(url: string): Promise<Locator> {
    await this.panel().getByLabel('Manifest URL').fill(url);
    await this.panel().getByRole('button', { name: 'Check', exact: true }).click();
    const offer = this.panel().getByRole('region', { name: 'Pack to install' });
    await expect(offer).toBeVisible();
    const install = offer.getByRole('button', { name: 'Download and install' });
    await expect(install).toBeDisabled();
    await offer.getByLabel(/I accept the licence/).check();
    await expect(install).toBeEnabled();
    return offer;
  }
}
