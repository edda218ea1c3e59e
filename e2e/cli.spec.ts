import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const CLI = resolve(__dirname, '../out/main/cli.js');

function shotline(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test.describe('cli', () => {
  let dataDir: string;
  test.beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'shotline-cli-'));
  });
  test.afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('lists, exports and imports projects; bad files are refused and left as they were', () => {
    const list = shotline(dataDir, 'projects', 'list', '--json');
    expect(list.code).toBe(0);
    const projects = JSON.parse(list.out) as { id: string; name: string; shotCount: number }[];
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ name: 'Sample — Rooftop at Dusk', shotCount: 4 });

    const file = join(dataDir, 'sample.shotline');
    const exported = shotline(dataDir, 'projects', 'export', projects[0]!.id, file);
    expect(exported.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'shotline', schemaVersion: 1 });

    expect(shotline(dataDir, 'projects', 'import', file).out).toMatch(/Imported "Sample — Rooftop at Dusk"/);

    const broken = join(dataDir, 'broken.shotline');
    const text = readFileSync(file, 'utf8').slice(0, 500);
    writeFileSync(broken, text);
    const refused = shotline(dataDir, 'projects', 'import', broken);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/not valid JSON.*\[INVALID_FILE\]/s);
    expect(readFileSync(broken, 'utf8')).toBe(text);
    expect(JSON.parse(shotline(dataDir, 'projects', 'list', '--json').out)).toHaveLength(2);
  });

  test('unknown commands and bad options explain themselves', () => {
    const r = shotline(dataDir, 'publish');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Unknown command "publish"');
    const usage = shotline(dataDir, 'render');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('Usage: shotline render <file.shotline> -o <out.mp4>');
    expect(shotline(dataDir, 'serve', '--port', 'abc').err).toContain('--port must be a number');
    expect(shotline(dataDir, '--help').out).toContain('shotline serve');
  });
});
