import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The import boundaries of DESIGN §2, checked through the project's real ESLint config. */
const eslint = new ESLint({ cwd: resolve(__dirname, '../../..') });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries (DESIGN §2)', () => {
  it('refuses electron inside src/main/engine', async () => {
    const msgs = await restrictedImports('src/main/engine/store/x.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(msgs.join('\n')).toMatch(/electron may only be imported/);
  });

  it('refuses node: modules, bare built-ins and electron inside src/renderer', async () => {
    expect(
      (
        await restrictedImports('src/renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")
      ).join(),
    ).toMatch(/Node modules are not allowed/);
    expect((await restrictedImports('src/renderer/src/x.ts', "import { join } from 'path';\nexport const a = join;\n")).join()).toMatch(
      /Node modules are not allowed/,
    );
    expect(
      (await restrictedImports('src/renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).join(),
    ).toMatch(/electron/);
    expect(
      (
        await restrictedImports(
          'src/renderer/src/x.ts',
          "import { createEngine } from '../../main/engine/createEngine';\nexport const a = createEngine;\n",
        )
      ).join(),
    ).toMatch(/api layer/);
  });

  it('refuses platform imports in src/shared', async () => {
    expect(
      (await restrictedImports('src/shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).length,
    ).toBe(1);
    expect((await restrictedImports('src/shared/x.ts', "import { create } from 'zustand';\nexport const a = create;\n")).length).toBe(1);
  });

  it('allows what each layer may use', async () => {
    expect(await restrictedImports('src/main/index.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await restrictedImports('src/main/engine/x.ts', "import { join } from 'node:path';\nexport const a = join;\n")).toEqual([]);
    expect(
      await restrictedImports('src/renderer/src/x.ts', "import { download } from './util/download';\nexport const a = download;\n"),
    ).toEqual([]);
  });
});
