import { expect, type Locator, type Page } from '@playwright/test';

/** The storyboard workspace: shot strip, inspector, cast panel, toolbar. */
export class StoryboardPage {
  constructor(readonly page: Page) {}

  cards(): Locator {
    return this.page.getByRole('list', { name: 'Shots' }).locator('.shot-card');
  }

  card(n: number): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^Shot ${n}:`) });
  }

  inspector(): Locator {
    return this.page.getByRole('complementary', { name: 'Shot inspector' });
  }

  async waitSaved(): Promise<void> {
    await expect(this.page.getByTestId('save-state')).toHaveText('All changes saved');
  }

  async addShot(): Promise<void> {
    const before = await this.cards().count();
    const first = this.page.getByRole('button', { name: 'Add the first shot' });
    if (await first.isVisible()) await first.click();
    else await this.page.getByRole('button', { name: 'Add shot' }).click();
    await expect(this.cards()).toHaveCount(before + 1);
    await this.waitSaved();
  }

  async select(n: number): Promise<void> {
    await this.card(n).click();
    await expect(this.inspector().getByRole('heading', { name: `Shot ${n}` })).toBeVisible();
  }

  /** Types into an inspector text field and commits it (blur), then waits for the save. */
  async setField(label: string, value: string, scope: Locator = this.inspector()): Promise<void> {
    const field = scope.getByLabel(label, { exact: true });
    await field.fill(value);
    await field.blur();
    await this.waitSaved();
  }

  async titles(): Promise<string[]> {
    return this.cards().locator('.shot-title').allTextContents();
  }

  /** Drags a card with the mouse onto another card's position (dnd-kit pointer sensor). */
  async dragCard(from: number, to: number): Promise<void> {
    const a = await this.card(from).boundingBox();
    const b = await this.card(to).boundingBox();
    if (!a || !b) throw new Error('card not visible');
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2, { steps: 4 });
    await this.page.mouse.move(b.x + b.width / 2 + 20, b.y + b.height / 2, { steps: 12 });
    await this.page.mouse.up();
    await this.waitSaved();
  }

  async addCharacter(name: string): Promise<void> {
    await this.page.getByLabel('New character name').fill(name);
    await this.page.getByRole('button', { name: 'Add character' }).click();
    await expect(this.page.getByRole('button', { name: new RegExp(name) }).first()).toBeVisible();
    await this.waitSaved();
  }

  async undo(): Promise<void> {
    await this.page.getByRole('button', { name: 'Undo' }).click();
    await this.waitSaved();
  }
}
