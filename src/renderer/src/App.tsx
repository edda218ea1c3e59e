import { useEffect, useState } from 'react';
import { connect } from './api/connect';
import { Overlays } from './components/Overlays';
import { ProjectPicker } from './features/projects/ProjectPicker';
import { StoryboardView } from './features/storyboard/StoryboardView';
import { useQueue } from './state/queueStore';
import { useModels } from './state/modelsStore';
import { useCameos } from './state/cameosStore';
import { useFeed } from './state/feedStore';
import { useSession } from './state/sessionStore';
import type { QueueSnapshot } from '../../shared/jobs';
import { finishedExports } from '../../shared/jobs/finished';
import { Studio } from './state/studio';
import { installNavigationGuard } from './util/navigationGuard';

/** Connects to the engine, then shows the project picker or the storyboard. */
export function App() {
  const [studio, setStudio] = useState<Studio | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const view = useSession((s) => s.view);
  const connection = useSession((s) => s.connection);

  useEffect(() => {
    let disposers: (() => void)[] = [];
    connect()
      .then(async (conn) => {
        const s = new Studio(conn);
        conn.onState((state) => useSession.getState().set({ connection: state }));
        const info = await conn.api.app.info({});
        if (info.ok) useSession.getState().set({ info: info.value });
        disposers = [
          conn.api.events.onProjectChanged((p) => void s.onRemoteChange(p.projectId, p.origin)),
          conn.api.events.onProjectsChanged(() => {
            if (useSession.getState().view === 'projects') void s.refreshProjects();
          }),
          conn.api.events.onMenuCommand(({ command }) => runMenuCommand(s, command)),
          conn.api.events.onQueueChanged((snap) => {
            const before = useQueue.getState().snapshot;
            useQueue.getState().setSnapshot(snap);
            notifyFinishedExports(before, snap);
          }),
          conn.api.events.onJobProgress(({ jobId, ...p }) => useQueue.getState().setProgress(jobId, p)),
          conn.api.events.onModelsChanged(() => void useModels.getState().refresh(conn.api)),
          conn.api.events.onCameosChanged(() => void useCameos.getState().refresh(conn.api)),
        ];
        void useModels.getState().refresh(conn.api);
        void useCameos.getState().refresh(conn.api);
        void useFeed.getState().refresh(conn.api);
        const q = await conn.api.queue.list({});
        if (q.ok) useQueue.getState().setSnapshot(q.value);
        setStudio(s);
        await s.refreshProjects();
        await s.reopenLast();
        installNavigationGuard((m) => useSession.getState().toast('error', m));
        (window as unknown as { __shotlineReady?: boolean }).__shotlineReady = true;
      })
      .catch((e: unknown) => setFatal(e instanceof Error ? e.message : String(e)));
    return () => disposers.forEach((d) => d());
  }, []);

  if (fatal) {
    return (
      <main className="fatal" role="alert">
        <h1>Shotline can’t reach the studio</h1>
        <p>{fatal}</p>
      </main>
    );
  }
  if (!studio) {
    return (
      <main className="loading" aria-busy="true">
        <p>Starting Shotline…</p>
      </main>
    );
  }
  return (
    <>
      {connection === 'closed' && (
        <div className="banner" role="alert">
          Lost the connection to the studio. Reconnecting… Edits cannot be saved until it is back; everything saved so far is safe.
        </div>
      )}
      {view === 'projects' ? <ProjectPicker studio={studio} /> : <StoryboardView studio={studio} />}
      <Overlays />
    </>
  );
}

function runMenuCommand(studio: Studio, command: string) {
  const session = useSession.getState();
  const el = document.activeElement;
  const typing = !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA');
  switch (command) {
    case 'undo':
    case 'redo':
      // In a text field the menu shortcut means the field's own text undo.
      if (typing) return void document.execCommand(command);
      return command === 'undo' ? studio.undo() : studio.redo();
    case 'openProjects':
    case 'newProject':
    case 'importProject':
      return studio.closeProject();
    case 'showShortcuts':
      return session.set({ dialog: { kind: 'shortcuts' } });
    default: {
      // Shot, render and queue commands act like their keyboard shortcuts.
      const keys: Record<string, KeyboardEventInit> = {
        newShot: { key: 'n' },
        deleteShot: { key: 'Delete' },
        duplicateShot: { key: 'd', ctrlKey: true },
        renderSelectedShots: { key: 'r' },
        renderAndExport: { key: 'Enter', ctrlKey: true },
        toggleQueue: { key: 'q' },
      };
      if (keys[command]) window.dispatchEvent(new KeyboardEvent('keydown', keys[command]));
    }
  }
}

/**
 * Tells the user when an export finishes or fails: a toast, and in a browser (server mode) a system
 * notification if the page was allowed to show them. The desktop app notifies from its main process.
 */
function notifyFinishedExports(before: QueueSnapshot | null, after: QueueSnapshot): void {
  for (const f of finishedExports(before, after)) {
    if (!f.ok) {
      useSession.getState().toast('error', `Export failed: ${f.message}`);
      continue;
    }
    useSession.getState().toast('info', `Export finished: ${f.outputPath ?? ''}`);
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted')
      new Notification('Shotline export finished', { body: f.outputPath ?? '' });
  }
}
