import { basename, dirname, resolve } from 'node:path';
import type { Engine } from '../engine/createEngine';
import { EtaEstimator } from '../../shared/jobs/eta';
import { batchProgress } from '../../shared/jobs/batch';
import { EXPORT_PRESETS, isFinished, type ExportPreset, type QueueSnapshot } from '../../shared/jobs';
import type { RenderPlan } from '../../shared/ipc/contract';
import { formatTimeLeft } from '../../shared/time';

export interface RenderCliOptions {
  file: string;
  output: string;
  preset: string;
  creator: string | undefined;
  srt: boolean;
  fcpxml: boolean;
  out: NodeJS.WriteStream;
}

type Call = (channel: string, input: unknown) => Promise<unknown>;

/**
 * `shotline render`: imports the document, queues its shots and the export, draws a progress bar
 * until the export ends, and removes the imported copy again (the takes stay cached).
 */
export async function renderCommand(engine: Engine, call: Call, o: RenderCliOptions): Promise<number> {
  if (!(EXPORT_PRESETS as readonly string[]).includes(o.preset)) {
    throw new UsageError(`--preset must be one of ${EXPORT_PRESETS.join(', ')}; got "${o.preset}"`);
  }
  const imported = (await call('projects:importFile', { path: resolve(o.file) })) as {
    project: { id: string; name: string; settings: { creator: string } };
  };
  const project = imported.project;
  const output = resolve(o.output);
  try {
    const plan = (await call('render:export', {
      projectId: project.id,
      preset: o.preset as ExportPreset,
      directory: dirname(output),
      fileName: basename(output),
      // -o names the file to write: an earlier one of that name is replaced, as the user asked.
      overwrite: true,
      creator: o.creator ?? project.settings.creator,
      srt: o.srt,
      fcpxml: o.fcpxml,
    })) as RenderPlan;
    const kinds = plan.jobIds.map((id) => engine.queue.get(id)?.kind);
    const shots = plan.shotJobIds.length;
    const lines = kinds.filter((k) => k === 'dialogue.tts').length;
    const packs = kinds.filter((k) => k === 'shot.generate').length;
    o.out.write(
      `Rendering "${project.name}" (${o.preset}): ${shots} shot(s) to render, ${plan.cachedShots} cached` +
        `${plan.damagedShots ? ` (${plan.damagedShots} damaged take(s) made again)` : ''}` +
        `${lines ? `, ${lines} line(s) to speak` : ''}${packs ? `, ${packs} shot(s) for model packs` : ''}.\n`,
    );
    return await followJobs(engine, [...plan.jobIds, plan.exportJobId!], plan.exportJobId!, o.out);
  } finally {
    await call('projects:delete', { projectId: project.id }).catch(() => undefined);
  }
}

/** `shotline queue run`: finishes whatever the queue holds (after a crash, say), with progress. */
export async function runQueueCommand(engine: Engine, out: NodeJS.WriteStream): Promise<number> {
  const pending = engine.queue.snapshot().jobs.filter((j) => !isFinished(j.state) && j.state !== 'paused');
  if (pending.length === 0) {
    out.write('The queue is empty.\n');
    return 0;
  }
  out.write(`Resuming ${pending.length} job(s).\n`);
  const last = pending.find((j) => j.kind === 'export.mp4') ?? pending[pending.length - 1]!;
  return followJobs(
    engine,
    pending.map((j) => j.id),
    last.id,
    out,
  );
}

/** Waits for the jobs, drawing one progress line (a bar on a terminal, a line per stage otherwise). */
export async function followJobs(engine: Engine, ids: readonly string[], finalId: string, out: NodeJS.WriteStream): Promise<number> {
  const eta = new EtaEstimator();
  const tty = out.isTTY === true;
  let lastStage = '';
  const batch = new Set(ids);
  const draw = (snap: QueueSnapshot) => {
    const jobs = snap.jobs.filter((j) => batch.has(j.id));
    if (jobs.length === 0) return;
    // Each job counts by its work, so the bar and the time left move with time, not with job count.
    const { fraction } = batchProgress(jobs, batch);
    const active = jobs.find((j) => j.state === 'running');
    const stage = active ? `${active.label}: ${active.progress?.stage ?? 'starting'}` : 'waiting';
    const left = eta.update(fraction);
    const pct = `${(fraction * 100).toFixed(1).padStart(5)}%`;
    const etaText = left === null || fraction >= 1 ? '' : ` · ${formatTimeLeft(left)} left`;
    if (tty) {
      const width = 24;
      const filled = Math.round(fraction * width);
      out.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}${etaText} · ${stage}`
          .slice(0, (out.columns ?? 120) - 1)
          .padEnd(Math.min(119, (out.columns ?? 120) - 1)),
      );
    } else if (stage !== lastStage && !stage.includes('frames')) {
      out.write(`${pct}${etaText} · ${stage}\n`);
    }
    lastStage = stage;
  };
  const dispose = engine.events.subscribe((name) => {
    if (name === 'onQueueChanged' || name === 'onJobProgress') draw(engine.queue.snapshot());
  });
  const onSigint = () => {
    out.write('\nCanceling…\n');
    for (const id of ids) {
      try {
        engine.queue.cancel(id);
      } catch {
        // already gone
      }
    }
  };
  process.once('SIGINT', onSigint);
  try {
    draw(engine.queue.snapshot());
    const final = await engine.queue.waitFor(finalId);
    if (tty) out.write('\n');
    if (final.state === 'succeeded') {
      const r = final.result as {
        outputPath?: string;
        srtPath?: string | null;
        fcpxmlPath?: string | null;
        xmemlPath?: string | null;
        credentials?: string;
      } | null;
      if (r?.outputPath) out.write(`Done: ${r.outputPath}\n`);
      if (r?.srtPath) out.write(`Subtitles: ${r.srtPath}\n`);
      if (r?.fcpxmlPath) out.write(`Edit list for Final Cut and Resolve: ${r.fcpxmlPath}\n`);
      if (r?.xmemlPath) out.write(`Edit list for Premiere: ${r.xmemlPath}\n`);
      if (r?.credentials) out.write(`Content credentials: ${r.credentials}\n`);
      return 0;
    }
    if (final.state === 'canceled') {
      out.write(final.error ? `Canceled: ${final.error.message}\n` : 'Canceled.\n');
      return 130;
    }
    process.stderr.write(`shotline: ${final.label} failed: ${final.error?.message ?? 'unknown error'} [${final.error?.code ?? '?'}]\n`);
    if (final.error?.details) process.stderr.write(`${final.error.details}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    dispose();
  }
}

export class UsageError extends Error {}
