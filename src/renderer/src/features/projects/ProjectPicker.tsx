import { useRef, useState } from 'react';
import { formatTimecode } from '../../../../shared/time';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';
import { downloadText } from '../../util/download';

/** The first screen: recent projects, new, import, duplicate, export, delete (with confirmation). */
export function ProjectPicker({ studio }: { studio: Studio }) {
  const { projects, set, toast } = useSession();
  const [name, setName] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  const create = async () => {
    const r = await studio.api.projects.create({ name: name.trim() || 'Untitled project' });
    if (!r.ok) return toast('error', r.error.message);
    setName('');
    await studio.openProject(r.value.id);
  };

  const importFile = async (file: File) => {
    const text = await file.text();
    const r = await studio.api.projects.importDocument({ text, fileName: file.name });
    if (!r.ok) return toast('error', `Could not import ${file.name}: ${r.error.message}`);
    toast('info', `Imported "${r.value.project.name}"${r.value.migratedFrom < 1 ? ' (upgraded from an older format)' : ''}.`);
    await studio.refreshProjects();
  };

  return (
    <main className="picker" aria-labelledby="picker-title">
      <div className="picker-head">
        <div>
          <h1 id="picker-title">
            <span className="logo" aria-hidden="true">
              ◧
            </span>{' '}
            Shotline
          </h1>
          <p className="muted">Storyboard multi-shot scenes, preview them, and render on your own machine.</p>
        </div>
        <form
          className="new-project"
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <label htmlFor="new-project-name">New project name</label>
          <input
            id="new-project-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Untitled project"
            maxLength={200}
            dir="auto"
          />
          <button type="submit" className="primary">
            New project
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import .shotline…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".shotline,application/json"
            hidden
            aria-label="Import project file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void importFile(f);
            }}
          />
        </form>
      </div>

      <h2 className="section-title">Recent projects</h2>
      {projects === null ? (
        <p className="muted">Loading projects…</p>
      ) : projects.length === 0 ? (
        <div className="empty">
          <h3>No projects yet</h3>
          <p>Name a project above and press New project, or import a .shotline file someone shared with you.</p>
        </div>
      ) : (
        <ul className="project-list" aria-label="Projects">
          {projects.map((p) => (
            <li key={p.id} className="project-row">
              <button className="project-open" onClick={() => void studio.openProject(p.id)} aria-label={`Open ${p.name}`}>
                <span className="project-name" dir="auto">
                  {p.name}
                </span>
                <span className="muted">
                  {p.shotCount} shot{p.shotCount === 1 ? '' : 's'} · {formatTimecode(p.durationFrames, p.fps)} · {p.fps} fps · edited{' '}
                  {new Date(p.updatedAt).toLocaleString()}
                </span>
              </button>
              <div className="row-actions">
                <button
                  aria-label={`Export ${p.name}`}
                  onClick={async () => {
                    const r = await studio.api.projects.exportDocument({ projectId: p.id });
                    if (r.ok) downloadText(r.value.fileName, r.value.text);
                    else toast('error', r.error.message);
                  }}
                >
                  Export
                </button>
                <button
                  aria-label={`Duplicate ${p.name}`}
                  onClick={async () => {
                    const r = await studio.api.projects.duplicate({ projectId: p.id });
                    if (!r.ok) toast('error', r.error.message);
                    await studio.refreshProjects();
                  }}
                >
                  Duplicate
                </button>
                <button
                  className="danger-text"
                  aria-label={`Delete ${p.name}`}
                  onClick={() =>
                    set({
                      dialog: {
                        kind: 'confirm',
                        title: `Delete “${p.name}”?`,
                        body: `Its ${p.shotCount} shots, characters, dialogue and sound cues will be removed from this studio. Export it first if you may want it back.`,
                        confirmLabel: 'Delete project',
                        onConfirm: async () => {
                          const r = await studio.api.projects.delete({ projectId: p.id });
                          if (!r.ok) toast('error', r.error.message);
                          await studio.refreshProjects();
                        },
                      },
                    })
                  }
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
