import { useState } from 'react';
import { isFinished, type JobView } from '../../../../shared/jobs';
import { formatTimeLeft } from '../../../../shared/time';
import { useDocument } from '../../state/documentStore';
import { useQueue } from '../../state/queueStore';
import { waitingFor } from './waitingFor';
import { useSession } from '../../state/sessionStore';
import { useFeed } from '../../state/feedStore';
import type { Studio } from '../../state/studio';
import { ExportPlayer } from '../export/ExportPlayer';
import { TakeCacheSection } from './TakeCacheSection';

const STATE_LABEL: Record<JobView['state'], string> = {
  queued: 'Waiting',
  running: 'Running',
  paused: 'Paused',
  succeeded: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
};

function formatEta(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? 'estimating…' : `${formatTimeLeft(seconds)} left`;
}

/** The render queue: every job with its stage, progress, ETA and controls; waiting jobs can be dragged into a new order. */
export function QueuePanel({ studio }: { studio: Studio }) {
  const { snapshot, progress, overall, setOpen } = useQueue();
  const toast = useSession((s) => s.toast);
  const info = useSession((s) => s.info);
  const [dragId, setDragId] = useState<string | null>(null);
  const [playing, setPlaying] = useState<{ title: string; src: string; path: string } | null>(null);
  const jobs = snapshot?.jobs ?? [];
  const feedSignedIn = useFeed((s) => s.signedIn);
  const act = async (p: Promise<{ ok: boolean; error?: { message: string } }>, done?: string) => {
    const r = await p;
    if (!r.ok) toast('error', r.error?.message ?? 'The queue refused that.');
    else if (done) toast('info', done);
  };
  const waiting = jobs.filter((j) => j.state === 'queued' || j.state === 'paused');
  // The queue holds every project's jobs: those of other projects are named.
  const openProjectId = useDocument((s) => s.project?.id ?? null);
  const summaries = useSession((s) => s.projects);
  const projectNames = new Map((summaries ?? []).map((p) => [p.id, p.name]));

  return (
    <aside className="queue-panel" aria-label="Render queue">
      <header className="queue-head">
        <h2>Render queue</h2>
        <div className="spacer" />
        <button
          onClick={() => void act(studio.api.queue.setPaused({ paused: !snapshot?.paused }))}
          aria-pressed={snapshot?.paused ?? false}
          title="Hold every job (frees model memory) or let the queue run again"
        >
          {snapshot?.paused ? '▶ Resume queue' : '⏸ Hold queue'}
        </button>
        <button onClick={() => void act(studio.api.queue.clearFinished({}))} title="Remove finished jobs from this list (their files stay)">
          Clear finished
        </button>
        <button onClick={() => setOpen(false)} aria-label="Close the queue">
          ✕
        </button>
      </header>
      {overall && (
        <div className="queue-overall" data-testid="queue-overall">
          <div
            className="progress"
            role="progressbar"
            aria-label="All queued work"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(overall.fraction * 100)}
          >
            <div className="progress-fill" style={{ width: `${(overall.fraction * 100).toFixed(1)}%` }} />
          </div>
          <span className="muted">
            {overall.left} of {overall.total} job{overall.total === 1 ? '' : 's'} to go · {(overall.fraction * 100).toFixed(0)}% ·{' '}
            {overall.held
              ? 'held: resume the queue or a paused job to go on'
              : overall.etaSeconds === null
                ? 'estimating…'
                : `about ${formatTimeLeft(overall.etaSeconds)} left in all`}
          </span>
        </div>
      )}
      {jobs.length === 0 && <p className="muted queue-empty">Nothing queued. Press Render to make an animatic of the storyboard.</p>}
      <ol className="queue-list">
        {jobs.map((j) => {
          const p = progress[j.id] ?? j.progress;
          const movable = j.state === 'queued' || j.state === 'paused';
          const result = j.result as { outputPath?: string; credentials?: string } | null;
          const exportsDir = info?.libraryRoots.find((r) => /exports$/.test(r));
          const libraryPath =
            result?.outputPath && exportsDir && result.outputPath.startsWith(exportsDir)
              ? `exports${result.outputPath.slice(exportsDir.length).replace(/\\/g, '/')}`
              : null;
          // An export outside the library (a folder chosen in the desktop app) plays by its job.
          const playable =
            j.kind === 'export.mp4' && result?.outputPath
              ? libraryPath
                ? studio.conn.mediaUrl(libraryPath)
                : studio.conn.exportUrl(j.id)
              : null;
          return (
            <li
              key={j.id}
              className={`queue-job state-${j.state} ${dragId === j.id ? 'dragging' : ''}`}
              data-job-id={j.id}
              data-state={j.state}
              draggable={movable}
              onDragStart={() => setDragId(j.id)}
              onDragEnd={() => setDragId(null)}
              onDragOver={(e) => {
                if (dragId && movable) e.preventDefault();
              }}
              onDrop={(e) => {
                e.preventDefault();
                if (dragId && dragId !== j.id) void act(studio.api.queue.move({ jobId: dragId, beforeJobId: j.id }));
                setDragId(null);
              }}
              onKeyDown={(e) => {
                if (!movable || !e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
                e.preventDefault();
                const i = waiting.findIndex((w) => w.id === j.id);
                const before = e.key === 'ArrowUp' ? waiting[i - 1] : waiting[i + 2];
                void act(studio.api.queue.move({ jobId: j.id, beforeJobId: before ? before.id : null }));
              }}
              tabIndex={movable ? 0 : -1}
              aria-label={`${j.label}: ${STATE_LABEL[j.state]}${movable ? '. Alt+Up or Alt+Down to reorder' : ''}`}
            >
              <div className="queue-row">
                <span className={`queue-state pill-${j.state}`}>{STATE_LABEL[j.state]}</span>
                <span className="queue-label" dir="auto">
                  {j.label}
                </span>
              </div>
              {j.projectId && j.projectId !== openProjectId && projectNames.has(j.projectId) && (
                <div className="queue-project muted" dir="auto" title="This job belongs to another project">
                  {projectNames.get(j.projectId)}
                </div>
              )}
              {!isFinished(j.state) && (
                <>
                  <div
                    className="progress"
                    role="progressbar"
                    aria-label={`Progress of ${j.label}`}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={Math.round(p?.percent ?? 0)}
                  >
                    <div className="progress-fill" style={{ width: `${p?.percent ?? 0}%` }} />
                  </div>
                  <div className="queue-stage muted">
                    {j.state === 'running'
                      ? (p?.percent ?? 0) >= 100
                        ? `100% · ${p?.stage ?? 'Done'}`
                        : `${(p?.percent ?? 0).toFixed(0)}% · ${p?.stage ?? 'Starting'} · ${formatEta(p?.etaSeconds)}`
                      : j.state === 'queued' && j.dependsOn.length
                        ? waitingFor(j, jobs)
                        : j.error
                          ? `Will retry: ${j.error.message}`
                          : (p?.stage ?? 'Waiting for a free lane')}
                  </div>
                </>
              )}
              {j.error && j.state === 'canceled' && <div className="queue-stage muted">{j.error.message}</div>}
              {j.error && isFinished(j.state) && j.state !== 'canceled' && (
                <div className="queue-error" role="alert">
                  {j.error.message}
                </div>
              )}
              {j.state === 'succeeded' && result?.outputPath && (
                <div className="queue-result">
                  <span className="muted" title={result.credentials}>
                    {result.outputPath}
                  </span>
                  {playable && (
                    <button onClick={() => setPlaying({ title: j.label, src: playable, path: result.outputPath! })}>▶ Play</button>
                  )}
                  {libraryPath && (
                    <a href={studio.conn.mediaUrl(libraryPath)} download className="button-link">
                      Download
                    </a>
                  )}
                  {studio.conn.transport === 'electron' && (
                    <button onClick={() => void act(studio.api.files.showInFolder({ path: result.outputPath! }))}>Show in folder</button>
                  )}
                  {j.kind === 'export.mp4' && j.projectId && feedSignedIn && (
                    <button
                      onClick={() =>
                        void act(
                          studio.api.feed.upload({ projectId: j.projectId!, path: result.outputPath! }),
                          'Uploading: progress is in this queue.',
                        )
                      }
                      title="Upload this export to the feed you are signed in to (resumable)"
                    >
                      Upload to feed
                    </button>
                  )}
                </div>
              )}
              <div className="queue-actions">
                {(j.state === 'running' || j.state === 'queued') && (
                  <button onClick={() => void act(studio.api.queue.pause({ jobId: j.id }))} aria-label={`Pause ${j.label}`}>
                    Pause
                  </button>
                )}
                {j.state === 'paused' && (
                  <button onClick={() => void act(studio.api.queue.resume({ jobId: j.id }))} aria-label={`Resume ${j.label}`}>
                    Resume
                  </button>
                )}
                {!isFinished(j.state) && (
                  <button onClick={() => void act(studio.api.queue.cancel({ jobId: j.id }))} aria-label={`Cancel ${j.label}`}>
                    Cancel
                  </button>
                )}
                {(j.state === 'failed' || j.state === 'canceled') && (
                  <button onClick={() => void act(studio.api.queue.retry({ jobId: j.id }))} aria-label={`Retry ${j.label}`}>
                    Retry
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <TakeCacheSection studio={studio} version={`${jobs.length}:${jobs.filter((j) => isFinished(j.state)).length}`} />
      {playing && <ExportPlayer {...playing} onClose={() => setPlaying(null)} />}
    </aside>
  );
}
