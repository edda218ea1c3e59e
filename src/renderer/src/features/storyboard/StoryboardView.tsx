import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { describeChange, projectDurationFrames, resolveContinuity } from '../../../../shared/domain';
import { formatTimecode, formatTimeLeft } from '../../../../shared/time';
import { useDocument } from '../../state/documentStore';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';
import { downloadText } from '../../util/download';
import { CastPanel } from '../cast/CastPanel';
import { ShotInspector } from './ShotInspector';
import { ShotSketch } from './ShotSketch';
import { latestTake, ShotThumb } from './ShotThumb';
import { ExportDialog } from '../export/ExportDialog';
import { QueuePanel } from '../queue/QueuePanel';
import { ModelsPanel } from '../models/ModelsPanel';
import { CameosPanel } from '../cameos/CameosPanel';
import { FeedPanel } from '../feed/FeedPanel';
import { useFeed } from '../../state/feedStore';
import { useCameos } from '../../state/cameosStore';
import { ShotTimeline } from '../timeline/ShotTimeline';
import { useModels } from '../../state/modelsStore';
import { useQueue } from '../../state/queueStore';
import { ShotStrip } from './ShotStrip';
import { useStoryboardShortcuts } from './useStoryboardShortcuts';
import { renderSelectedShots, toggleQueuePanel } from './actions';
import { selectedShots } from './selection';

/** The storyboard workspace: toolbar, cast, shot strip, inspector, status bar. */
export function StoryboardView({ studio }: { studio: Studio }) {
  const project = useDocument((s) => s.project);
  const canUndo = useStore(useDocument.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(useDocument.temporal, (s) => s.futureStates.length > 0);
  // The buttons say what they will do: "Undo shot 2 “Mara arrives”: camera move".
  const undoTo = useStore(useDocument.temporal, (s) => s.pastStates.at(-1)?.project ?? null);
  const redoTo = useStore(useDocument.temporal, (s) => s.futureStates.at(-1)?.project ?? null);
  const undoWhat = useMemo(() => (undoTo && project ? describeChange(undoTo, project) : null), [undoTo, project]);
  const redoWhat = useMemo(() => (redoTo && project ? describeChange(project, redoTo) : null), [redoTo, project]);
  const { selectedShotId, selectedShotIds, saveState, info, set, toast } = useSession();
  useStoryboardShortcuts(studio);
  const [renaming, setRenaming] = useState(false);
  const [exporting, setExporting] = useState(false);
  const modelsOpen = useModels((s) => s.open);
  const cameosOpen = useCameos((s) => s.open);
  const feedOpen = useFeed((s) => s.open);
  const cameoUnread = useCameos((s) => s.unread);
  const takeVideo = useRef<HTMLVideoElement>(null);
  const queueOpen = useQueue((s) => s.open);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        setExporting(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (project && !project.shots.some((s) => s.id === selectedShotId)) set({ selectedShotId: project.shots[0]?.id ?? null });
  }, [project, selectedShotId, set]);

  if (!project) return null;
  const shot = project.shots.find((s) => s.id === selectedShotId) ?? null;
  const selection = selectedShots(
    { focus: selectedShotId, many: selectedShotIds },
    project.shots.map((s) => s.id),
  );
  const total = projectDurationFrames(project);
  const resolved = resolveContinuity(project);

  return (
    <div className="workspace">
      <header className="toolbar" role="toolbar" aria-label="Project">
        <button onClick={() => studio.closeProject()} aria-label="All projects" title="All projects (Ctrl/⌘+O)">
          ← Projects
        </button>
        {renaming ? (
          <input
            className="title-input"
            aria-label="Project name"
            defaultValue={project.name}
            autoFocus
            dir="auto"
            maxLength={200}
            onBlur={(e) => {
              setRenaming(false);
              const name = e.target.value.trim();
              if (name && name !== project.name) void studio.edit((api) => api.projects.rename({ projectId: project.id, name }));
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
              if (e.key === 'Escape') setRenaming(false);
            }}
          />
        ) : (
          <h1 className="project-title" dir="auto">
            <button className="title-button" onClick={() => setRenaming(true)} aria-label={`Rename project ${project.name}`}>
              {project.name}
            </button>
          </h1>
        )}
        <span className={`save-state save-${saveState}`} role="status" aria-live="polite" data-testid="save-state">
          {saveState === 'saving' ? 'Saving…' : saveState === 'error' ? 'Not saved — see message' : 'All changes saved'}
        </span>
        <div className="spacer" />
        <button
          onClick={() => studio.undo()}
          disabled={!canUndo}
          aria-label="Undo"
          title={undoWhat ? `Undo ${undoWhat} (Ctrl/⌘+Z)` : 'Undo (Ctrl/⌘+Z)'}
        >
          ↶ Undo
        </button>
        <button
          onClick={() => studio.redo()}
          disabled={!canRedo}
          aria-label="Redo"
          title={redoWhat ? `Redo ${redoWhat} (Ctrl/⌘+Shift+Z)` : 'Redo (Ctrl/⌘+Shift+Z)'}
        >
          ↷ Redo
        </button>
        <button
          onClick={async () => {
            const r = await studio.api.projects.exportDocument({ projectId: project.id });
            if (r.ok) downloadText(r.value.fileName, r.value.text);
            else toast('error', r.error.message);
          }}
          title="Save a .shotline file to share or back up"
        >
          Export
        </button>
        <button
          onClick={() => {
            // Shown only when no panel before it in the column is open.
            useFeed.getState().setOpen(!(feedOpen && !queueOpen && !modelsOpen && !cameosOpen));
            useCameos.getState().setOpen(false);
            useModels.getState().setOpen(false);
            useQueue.getState().setOpen(false);
          }}
          aria-pressed={feedOpen && !queueOpen && !modelsOpen && !cameosOpen}
          title="Feed: browse, remix, and upload exports to a feed you choose"
        >
          Feed
        </button>
        <button
          onClick={() => {
            useFeed.getState().setOpen(false);
            useCameos.getState().setOpen(!(cameosOpen && !queueOpen && !modelsOpen));
            useModels.getState().setOpen(false);
            useQueue.getState().setOpen(false);
          }}
          aria-pressed={cameosOpen && !queueOpen && !modelsOpen}
          title="Cameos: people, animals and objects with their owners' consent"
        >
          Cameos{cameoUnread ? ` (${cameoUnread})` : ''}
        </button>
        <button
          onClick={() => {
            useModels.getState().setOpen(!modelsOpen);
            useQueue.getState().setOpen(false);
            useCameos.getState().setOpen(false);
            useFeed.getState().setOpen(false);
          }}
          aria-pressed={modelsOpen}
          title="Models: built-in models, packs, execution provider"
        >
          Models
        </button>
        <QueueButton />
        <button className="primary" onClick={() => setExporting(true)} title="Render all shots and export an MP4 (Ctrl/⌘+Enter)">
          ● Render
        </button>
        <button onClick={() => set({ dialog: { kind: 'shortcuts' } })} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ⌨
        </button>
      </header>

      <div className="panes">
        <CastPanel studio={studio} project={project} />
        <main className="board" aria-label="Storyboard">
          <ShotStrip studio={studio} project={project} />
          {shot && (
            <section className="shot-focus" aria-label="Selected shot summary">
              <div className="focus-sketch">
                {latestTake(shot) ? (
                  <video
                    key={latestTake(shot)!.path}
                    ref={takeVideo}
                    className="take-video"
                    src={studio.conn.mediaUrl(latestTake(shot)!.path)}
                    controls
                    preload="metadata"
                    aria-label={`Rendered take of ${shot.title || 'this shot'}`}
                    data-testid="take-video"
                  />
                ) : (
                  <ShotThumb
                    studio={studio}
                    project={project}
                    shot={shot}
                    fallback={
                      <ShotSketch
                        shot={shot}
                        characters={project.characters}
                        timeOfDay={resolved[project.shots.indexOf(shot)]!.timeOfDay}
                        style={resolved[project.shots.indexOf(shot)]!.style}
                      />
                    }
                  />
                )}
              </div>
              <div className="focus-actions">
                <button
                  onClick={() => void renderSelectedShots(studio, project, selection)}
                  title={
                    selection.length > 1
                      ? `Render takes of the ${selection.length} selected shots only (R)`
                      : 'Render a take of this shot only (R). Ctrl/⌘- or Shift-click cards to select several.'
                  }
                >
                  {selection.length > 1 ? `Render ${selection.length} selected shots` : 'Render this shot'}
                </button>
              </div>
              <h2 dir="auto">{shot.title || `Shot ${project.shots.indexOf(shot) + 1}`}</h2>
              <p dir="auto" className="focus-prompt">
                {shot.prompt || 'Describe this shot in the inspector →'}
              </p>
              <dl className="focus-facts">
                <dt>Starts at</dt>
                <dd>
                  {formatTimecode(
                    project.shots.slice(0, project.shots.indexOf(shot)).reduce((a, s) => a + s.durationFrames, 0),
                    project.settings.fps,
                  )}
                </dd>
                <dt>Lines</dt>
                <dd>{shot.dialogue.length}</dd>
                <dt>Cues</dt>
                <dd>{shot.sound.length}</dd>
                <dt>Takes</dt>
                <dd>{shot.takes.length === 0 ? 'Not rendered yet' : shot.takes.length}</dd>
              </dl>
              <ShotTimeline key={shot.id} studio={studio} project={project} shot={shot} video={takeVideo} hasTake={!!latestTake(shot)} />
            </section>
          )}
        </main>
        {queueOpen ? (
          <QueuePanel studio={studio} />
        ) : modelsOpen ? (
          <ModelsPanel studio={studio} />
        ) : cameosOpen ? (
          <CameosPanel studio={studio} />
        ) : feedOpen ? (
          <FeedPanel studio={studio} />
        ) : shot ? (
          <ShotInspector key={shot.id} studio={studio} project={project} shot={shot} />
        ) : (
          <aside className="inspector empty" aria-label="Shot inspector">
            <p>Select a shot to edit it.</p>
          </aside>
        )}
      </div>

      <footer className="statusbar">
        <span>
          {project.shots.length} shots · {formatTimecode(total, project.settings.fps)} · {project.settings.fps} fps ·{' '}
          {project.settings.aspect}
          {project.remixOf && <span data-testid="remix-of"> · Remix of “{project.remixOf.title}”</span>}
        </span>
        <span className="muted">
          Pictures:{' '}
          {project.shots.every((s) => s.engine === 'previz')
            ? 'Previz (procedural animatic)'
            : `${project.shots.filter((s) => s.engine !== 'previz').length} shot(s) by model packs, the rest Previz (procedural)`}{' '}
          · {project.shots.filter((s) => latestTake(s)).length} of {project.shots.length} shots rendered
        </span>
        <span className="muted">{info ? `${info.transport === 'server' ? 'Server mode' : 'Desktop'} · v${info.version}` : ''}</span>
      </footer>
      {exporting && <ExportDialog studio={studio} project={project} onClose={() => setExporting(false)} />}
    </div>
  );
}

/** The toolbar's queue button: how many jobs are waiting, and in its tooltip the time left in all. */
function QueueButton() {
  const open = useQueue((s) => s.open);
  const active = useQueue((s) => s.snapshot?.jobs.filter((j) => j.state === 'running' || j.state === 'queued').length ?? 0);
  const eta = useQueue((s) => s.overall?.etaSeconds ?? null);
  return (
    <button
      onClick={toggleQueuePanel}
      aria-pressed={open}
      title={`Render queue (Q)${eta !== null ? `: about ${formatTimeLeft(eta)} left in all` : ''}`}
    >
      Queue{active ? ` (${active})` : ''}
    </button>
  );
}
