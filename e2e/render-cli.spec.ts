import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const CLI = resolve(__dirname, '../out/main/cli.js');
const FFPROBE = (createRequire(__filename)('@ffprobe-installer/ffprobe') as { path: string }).path;

function shotline(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 170_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function probe(file: string): { duration: number; codecs: string[] } {
  const r = spawnSync(FFPROBE, ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file], {
    encoding: 'utf8',
  });
  const j = JSON.parse(r.stdout) as { streams: { codec_name: string }[]; format: { duration: string } };
  return { duration: Number(j.format.duration), codecs: j.streams.map((s) => s.codec_name) };
}

/** Every file under `dir` whose name marks it as temporary. */
function leftovers(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.part(\.|$)/.test(e.name)) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

test.describe('shotline render (plain Node)', () => {
  let dataDir: string;
  let sample: string;
  test.beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'shotline-render-'));
    const list = JSON.parse(shotline(dataDir, 'projects', 'list', '--json').out) as { id: string }[];
    sample = join(dataDir, 'sample.shotline');
    expect(shotline(dataDir, 'projects', 'export', list[0]!.id, sample).code).toBe(0);
  });
  test.afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('renders a project file to an MP4 with progress; bad arguments fail clearly', () => {
    test.setTimeout(180_000);
    const out = join(dataDir, 'out', 'film.mp4');
    expect(shotline(dataDir, 'render', sample, '-o', out).code).not.toBe(0); // the folder does not exist
    const bad = shotline(dataDir, 'render', sample, '-o', join(dataDir, 'x.mp4'), '--preset', '4k');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--preset must be one of 1080p, vertical, 720p/);

    const done = shotline(dataDir, 'render', sample, '-o', join(dataDir, 'film.mp4'), '--creator', 'CLI Test', '--srt');
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/4 shot\(s\) to render, 0 cached/);
    expect(done.out).toMatch(/Encoding/);
    expect(done.out).toMatch(/Done: .*film\.mp4/);
    const p = probe(join(dataDir, 'film.mp4'));
    expect(p.codecs).toEqual(['h264', 'aac']);
    expect(existsSync(join(dataDir, 'film.srt'))).toBe(true);

    // A second render of the same file renders nothing again.
    const again = shotline(dataDir, 'render', sample, '-o', join(dataDir, 'film2.mp4'));
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/0 shot\(s\) to render, 4 cached/);

    // The render cache: the file's takes are kept, though no project holds them; clean removes them, and they render anew.
    const usage = shotline(dataDir, 'cache');
    expect(usage.code).toBe(0);
    expect(usage.out).toMatch(/^unused +4 takes +[\d.]+ MB$/m);
    expect(usage.out).toContain('shotline cache clean');
    const cleaned = shotline(dataDir, 'cache', 'clean');
    expect(cleaned.code).toBe(0);
    expect(cleaned.out).toMatch(/^Removed 4 takes, freed [\d.]+ MB\.$/m);
    expect(readdirSync(join(dataDir, 'media', 'takes'))).toEqual([]);
    expect(shotline(dataDir, 'cache', 'purge').code).toBe(2);
    const third = shotline(dataDir, 'render', sample, '-o', join(dataDir, 'film3.mp4'));
    expect(third.code).toBe(0);
    expect(third.out).toMatch(/4 shot\(s\) to render, 0 cached/);
  });

  test('a render killed with SIGKILL mid-export is recovered by the queue and finishes correctly, leaving no temp files', async () => {
    test.setTimeout(240_000);
    const out = join(dataDir, 'crash.mp4');
    const child = spawn(process.execPath, [CLI, 'render', sample, '-o', out, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`never reached the export:\n${log}`)), 200_000);
      child.stdout!.on('data', (c: Buffer) => {
        log += c.toString();
        if (/Export .*Encoding/.test(log)) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          done();
        }
      });
      child.once('exit', () => fail(new Error(`render ended before it was killed:\n${log}`)));
    });
    await new Promise((r) => child.once('exit', r));
    expect(existsSync(out)).toBe(false);

    const listed = shotline(dataDir, 'queue', 'list', '--json');
    const jobs = (JSON.parse(listed.out) as { jobs: { kind: string; state: string }[] }).jobs;
    // Interrupted, not finished: loading the queue already recovered it (running → queued).
    expect(jobs.find((j) => j.kind === 'export.mp4')!.state).toBe('queued');

    const resumed = shotline(dataDir, 'queue', 'run');
    expect(resumed.err).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.out).toMatch(/Resuming 1 job/);
    expect(resumed.out).toMatch(/Done: .*crash\.mp4/);
    const p = probe(out);
    expect(p.codecs).toEqual(['h264', 'aac']);
    const list = JSON.parse(shotline(dataDir, 'queue', 'list', '--json').out) as {
      jobs: { kind: string; state: string; result: { durationFrames: number } | null }[];
    };
    const exp = list.jobs.find((j) => j.kind === 'export.mp4')!;
    expect(exp.state).toBe('succeeded');
    expect(Math.abs(p.duration - exp.result!.durationFrames / 24)).toBeLessThan(0.1);
    expect(leftovers(dataDir)).toEqual([]);
    expect(readdirSync(join(dataDir, 'tmp', 'jobs'))).toEqual([]);
  });
});
