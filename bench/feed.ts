/**
 * npm run bench:feed — 50 concurrent clients list and upload against the reference feed service on
 * loopback for a minute (BENCH_SECONDS to change it): each client lists with a random filter most
 * of the time, and sometimes uploads a real export with the real tus client (then takes the post
 * down so its next upload is real again). Prints throughput, p50/p99 latency and errors, against a
 * baseline measured in the same run (GET /api/health under the same concurrency), and checks that
 * nothing was lost: every upload that reported success is a post whose bytes match the file.
 * Bounded in time: no request starts after the minute, and whatever is still in flight when the
 * minute plus a grace (BENCH_GRACE_SECONDS, 5) is over is aborted (AbortSignal) and counted apart.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { createEngine } from '../src/main/engine/createEngine';
import { resolveMediaTools } from '../src/main/engine/export/ffmpegPaths';
import { silentLogger } from '../src/main/engine/logger';
import { feedConfig } from '../src/feed-server/config';
import { startFeedServer } from '../src/feed-server/server';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const GRACE = Number(process.env.BENCH_GRACE_SECONDS ?? 5);
const FILTERS = [
  '',
  'cinematic clips',
  'anime with dialogue',
  'remixes of mine',
  'by client-7',
  'from friends',
  'rain',
  'noir without dialogue',
];

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function makeExport(dir: string): Promise<{ file: string; doc: string }> {
  const engine = createEngine({ dataDir: join(dir, 'studio'), appVersion: 'bench', logger: silentLogger, sample: false });
  try {
    const call = async (c: string, i: unknown) => {
      const r = await engine.dispatcher.dispatch(c, i, { origin: 'bench', transport: 'cli' });
      if (!r.ok) throw new Error(`${c}: ${r.error.message}`);
      return r.value as Record<string, unknown>;
    };
    const p = await call('projects:create', { name: 'Bench' });
    await call('shots:add', { projectId: p.id, patch: { durationFrames: 48, prompt: 'rain on a cinematic rooftop' } });
    const plan = await call('render:export', { projectId: p.id, preset: '720p', fileName: 'bench', creator: 'Bench' });
    const job = await engine.queue.waitFor(plan.exportJobId as string);
    if (job.error) throw new Error(job.error.message);
    const doc = (await call('projects:exportDocument', { projectId: p.id })).text as string;
    return { file: plan.outputPath as string, doc };
  } finally {
    await engine.shutdown();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shotline-bench-feed-'));
  const feed = await startFeedServer(feedConfig({}, { dataDir: join(dir, 'feed'), port: 0 }), resolveMediaTools());
  try {
    console.log('Making a real export to upload…');
    const { file, doc } = await makeExport(dir);
    const bytes = statSync(file).size;
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    const tokens: string[] = [];
    for (let c = 0; c < CLIENTS; c++) {
      const r = (await (
        await fetch(`${feed.url}/api/accounts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `client-${c}` }),
        })
      ).json()) as { token: string };
      tokens.push(r.token);
    }

    // Requests still in flight at a run's hard deadline, aborted there: not errors, but not served either.
    let cut = 0;
    const timed = async (f: () => Promise<unknown>, into: number[], errors: string[], signal: AbortSignal) => {
      const t = performance.now();
      try {
        await f();
        into.push(performance.now() - t);
      } catch (e) {
        if (signal.aborted) cut++;
        else errors.push(e instanceof Error ? e.message : String(e));
      }
    };
    /** Each client repeats `step` until `seconds` are over; at `seconds` + GRACE what is in flight is aborted. */
    const run = async (seconds: number, step: (client: number, signal: AbortSignal) => Promise<void>) => {
      const until = Date.now() + seconds * 1000;
      const deadline = AbortSignal.timeout((seconds + GRACE) * 1000);
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          while (Date.now() < until && !deadline.aborted) await step(c, deadline);
        }),
      );
      return (performance.now() - t0) / 1000;
    };
    const baseSeconds = Math.max(3, Math.round(SECONDS / 6));
    // Should a run hang in spite of its deadline (a stuck close, say), the bench fails rather than waits.
    const watchdog = setTimeout(
      () => {
        console.error(`bench:feed: still running ${baseSeconds + SECONDS + 2 * GRACE + 60} s after the start; giving up.`);
        process.exit(1);
      },
      (baseSeconds + SECONDS + 2 * GRACE + 60) * 1000,
    );
    watchdog.unref();

    // Baseline: the cheapest request under the same concurrency.
    const health: number[] = [];
    const baseErrors: string[] = [];
    await run(baseSeconds, (c, signal) =>
      timed(
        async () => {
          const r = await fetch(`${feed.url}/api/health`, { headers: { authorization: `Bearer ${tokens[c]}` }, signal });
          if (!r.ok) throw new Error(`health ${r.status}`);
          await r.text();
        },
        health,
        baseErrors,
        signal,
      ),
    );
    const baseCut = cut;
    cut = 0;

    const lists: number[] = [];
    const uploads: number[] = [];
    const errors: string[] = [];
    const posted: { client: number; postId: string }[] = [];
    const wall = await run(SECONDS, async (c, signal) => {
      const token = tokens[c]!;
      const auth = { authorization: `Bearer ${token}` };
      if (Math.random() < 0.8) {
        await timed(
          async () => {
            const r = await fetch(`${feed.url}/api/posts?q=${encodeURIComponent(FILTERS[Math.floor(Math.random() * FILTERS.length)]!)}`, {
              headers: auth,
              signal,
            });
            if (!r.ok) throw new Error(`list ${r.status}: ${await r.text()}`);
            await r.json();
          },
          lists,
          errors,
          signal,
        );
        return;
      }
      await timed(
        async () => {
          const d = await fetch(`${feed.url}/api/drafts`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            signal,
            body: JSON.stringify({
              sha256: sha,
              bytes,
              title: `Bench ${c}`,
              prompt: 'rain on a rooftop',
              styles: ['cinematic'],
              tags: [],
              engines: ['Previz'],
              hasDialogue: false,
              remixOf: null,
              storyboard: doc,
              cameos: [],
            }),
          });
          const dj = (await d.json()) as { draftId?: string; postId?: string; existing?: boolean; error?: { message: string } };
          if (!d.ok) throw new Error(`draft ${d.status}: ${dj.error?.message}`);
          let postId = dj.postId ?? null;
          if (!dj.existing) {
            postId = await new Promise<string>((resolve, reject) => {
              const up = new Upload(createReadStream(file), {
                endpoint: `${feed.url}/api/uploads`,
                uploadSize: bytes,
                metadata: { draftId: dj.draftId! },
                headers: auth,
                retryDelays: [0, 100, 500],
                onSuccess: ({ lastResponse }) => resolve(lastResponse.getHeader('Shotline-Post-Id') ?? ''),
                onError: reject,
              });
              signal.addEventListener(
                'abort',
                () => {
                  void up.abort(false);
                  reject(signal.reason as Error);
                },
                { once: true },
              );
              up.start();
            });
          }
          posted.push({ client: c, postId: postId! });
          // Nothing lost: the post's bytes are the file's.
          const v = Buffer.from(await (await fetch(`${feed.url}/api/posts/${postId}/video`, { headers: auth, signal })).arrayBuffer());
          if (createHash('sha256').update(v).digest('hex') !== sha) throw new Error(`post ${postId}: stored bytes differ`);
          const del = await fetch(`${feed.url}/api/posts/${postId}`, { method: 'DELETE', headers: auth, signal });
          if (!del.ok) throw new Error(`takedown ${del.status}`);
        },
        uploads,
        errors,
        signal,
      );
    });
    clearTimeout(watchdog);
    const total = lists.length + uploads.length;
    // Nothing lost, from the feed's side too: every upload that reported a post is a post with the file's hash.
    const lost = posted.filter(
      (p) => (feed.db.prepare('SELECT sha256 FROM posts WHERE id = ?').get(p.postId) as { sha256: string } | undefined)?.sha256 !== sha,
    ).length;
    console.log(
      `\nbench:feed — ${CLIENTS} concurrent clients, ${SECONDS} s on loopback (hard deadline ${SECONDS + GRACE} s; ran ${wall.toFixed(1)} s), ${(bytes / 2 ** 20).toFixed(2)} MB export`,
    );
    console.log(
      `baseline  GET /api/health      ${health.length} requests, p50 ${ms(pct(health, 50))}, p99 ${ms(pct(health, 99))}, errors ${baseErrors.length}, cut at the deadline ${baseCut}`,
    );
    console.log(
      `list      GET /api/posts?q=…   ${lists.length} requests (${(lists.length / wall).toFixed(1)}/s), p50 ${ms(pct(lists, 50))}, p99 ${ms(pct(lists, 99))}`,
    );
    console.log(
      `upload    draft + tus + verify  ${uploads.length} uploads (${(uploads.length / wall).toFixed(2)}/s, ${((uploads.length * bytes) / 2 ** 20 / wall).toFixed(2)} MB/s), p50 ${ms(pct(uploads, 50))}, p99 ${ms(pct(uploads, 99))}`,
    );
    console.log(
      `total     ${(total / wall).toFixed(1)} requests/s; errors ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''}; cut at the deadline ${cut} (in flight after ${SECONDS + GRACE} s, aborted)`,
    );
    console.log(
      `ratio     list p99 / baseline p99 = ${(pct(lists, 99) / pct(health, 99)).toFixed(2)}×; upload p99 / baseline p99 = ${(pct(uploads, 99) / pct(health, 99)).toFixed(1)}×`,
    );
    const differ = errors.filter((e) => /differ/.test(e)).length;
    console.log(
      `lost      ${differ} uploads whose stored bytes differ, ${lost} reported posts missing or wrong on the feed (goal: 0); ${errors.length === 0 && lost === 0 ? 'goal met: no errors, nothing lost' : 'goal NOT met'}`,
    );
    if (errors.length || lost) process.exitCode = 1;
  } finally {
    await feed.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
