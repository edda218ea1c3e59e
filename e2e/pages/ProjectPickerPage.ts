import { expect, type Page } from '@playwright/test';

/** The project picker: recent projects, new, import, delete. */
export class ProjectPickerPage {
  constructor(readonly page: Page) {}

  list() {
    return this.page.getByRole('list', { name: 'Projects' });
  }

  async createProject(name: string): Promise<void> {
    await this.page.getByLabel('New project name').fill(name);
    await this.page.getByRole('button', { name: 'New project' }).click();
    await expect(this.page.getByRole('button', { name: `Rename project ${name}` })).toBeVisible();
  }

  async open(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Open ${name}` }).click();
    await expect(this.page.getByRole('button', { name: `Rename project ${name}` })).toBeVisible();
  }

  async importFile(fileName: string, contents: string): Promise<void> {
    await this.page
      .getByLabel('Import project file')
      .setInputFiles({ name: fileName, mimeType: 'application/json', buffer: Buffer.from(contents) });
  }

  projectNames() {
    return this.list().locator('.project-name').allTextContents();
  }
}
