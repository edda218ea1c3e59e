import { useEffect, useState } from 'react';
import { formatBytes } from '../../../../shared/bytes';
import type { Project } from '../../../../shared/domain';
import { ExportFileNameSchema } from '../../../../shared/ipc/contract';
import { EXPORT_PRESETS, PRESETS, type ExportPreset } from '../../../../shared/jobs';
import { useQueue } from '../../state/queueStore';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';
import { loadExportPrefs, saveExportPrefs } from './exportPrefs';

interface Defaults {
  exportsDir: string;
  fileName: string;
  creator: string;
  credentials: { selfSigned: boolean; subject: string; fingerprint: string };
}

/** Render → export: preset, destination, creator name for the watermark, subtitles and edit list. */
export function ExportDialog({ studio, project, onClose }: { studio: Studio; project: Project; onClose(): void }) {
  const toast = useSession((s) => s.toast);
  const [defaults, setDefaults] = useState<Defaults | null>(null);
  // The choices of this project's last export come back (a preset of the other orientation does not).
  const [last] = useState(() => loadExportPrefs(project.id));
  const vertical = project.settings.aspect === '9:16';
  const [preset, setPreset] = useState<ExportPreset>(
    last?.preset && PRESETS[last.preset].height > PRESETS[last.preset].width === vertical ? last.preset : vertical ? 'vertical' : '720p',
  );
  const [directory, setDirectory] = useState('');
  const [fileName, setFileName] = useState('');
  const [creator, setCreator] = useState(project.settings.creator);
  const [srt, setSrt] = useState(last?.srt ?? true);
  const [fcpxml, setFcpxml] = useState(last?.fcpxml ?? false);
  const [titleCards, setTitleCards] = useState(last?.titleCards ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Set when the file exists: the next Render replaces it (any edit to the name or folder clears it).
  const [replace, setReplace] = useState(false);
  const [space, setSpace] = useState<{ exists: boolean; freeBytes: number | null; mayNeedBytes: number } | null>(null);

  useEffect(() => {
    void studio.api.render.defaults({ projectId: project.id }).then((r) => {
      if (!r.ok) return setError(r.error.message);
      setDefaults(r.value);
      setDirectory(last?.directory || r.value.exportsDir);
      setFileName(r.value.fileName);
      if (!creator) setCreator(r.value.creator);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [project.id]);

  // Free space in the folder as it is typed (after a pause), against the most this export may need.
  useEffect(() => {
    if (!defaults) return;
    let live = true;
    const timer = setTimeout(() => {
      void studio.api.render.space({ projectId: project.id, preset, directory: directory.trim() || undefined }).then((r) => {
        if (live) setSpace(r.ok ? r.value : null);
      });
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [defaults, directory, preset, project.id, studio.api]);

  const lowOnSpace = space !== null && space.exists && (space.freeBytes ?? 0) < space.mayNeedBytes;

  // The engine's own rule for file names, checked as the name is typed (an empty name just waits).
  const nameCheck = ExportFileNameSchema.safeParse(fileName);
  const nameProblem = nameCheck.success
    ? null
    : fileName.trim()
      ? (nameCheck.error.issues[0]?.message ?? 'This file name cannot be used.')
      : '';

  const chooseFolder = async () => {
    const r = await studio.api.files.chooseFolder({ title: 'Export to this folder', defaultPath: directory || defaults?.exportsDir });
    if (!r.ok) return setError(r.error.message);
    if (r.value.path) {
      setDirectory(r.value.path);
      setReplace(false);
    }
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    const overwrite = replace;
    setReplace(false);
    const r = await studio.api.render.export({
      projectId: project.id,
      preset,
      directory: directory.trim() || undefined,
      fileName,
      creator,
      srt,
      fcpxml,
      titleCards,
      overwrite,
    });
    setBusy(false);
    if (!r.ok) {
      if (r.error.code === 'CONFLICT' && (r.error.details as { reason?: string } | undefined)?.reason === 'exists') setReplace(true);
      return setError(r.error.message);
    }
    if (creator !== project.settings.creator) void studio.saveCreator(project.id, creator);
    saveExportPrefs(project.id, { preset, directory: directory.trim(), srt, fcpxml, titleCards });
    const plan = r.value;
    const before = plan.jobIds.length - plan.shotJobIds.length;
    toast(
      'info',
      plan.shotJobIds.length === 0 && before === 0
        ? `Every shot is already rendered with these settings: only the export is queued.`
        : `Queued: ${plan.shotJobIds.length} shot(s) to render${before ? ` and ${before} job(s) they need first (lines to speak or model-pack clips)` : ''}${plan.cachedShots ? `, ${plan.cachedShots} already rendered` : ''}${plan.damagedShots ? ` (${plan.damagedShots} damaged take(s) on disk, made again)` : ''}, then the export.`,
    );
    useQueue.getState().setOpen(true);
    onClose();
  };

  return (
    <div className="modal-backdrop" role="presentation" onClick={onClose}>
      <form
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-title"
        className="modal export-dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="export-title">Render and export</h2>
        <p className="muted">
          Every shot is drawn by the <strong>Previz</strong> engine (a procedural animatic) unless a model pack is chosen for it. Shots
          already rendered with the same settings are reused.
        </p>
        <label>
          Preset
          <select value={preset} onChange={(e) => setPreset(e.target.value as ExportPreset)} autoFocus>
            {EXPORT_PRESETS.map((p) => (
              <option key={p} value={p}>
                {PRESETS[p].label} ({PRESETS[p].width}×{PRESETS[p].height})
              </option>
            ))}
          </select>
        </label>
        <div className="input-row">
          <label>
            Folder
            <input
              value={directory}
              onChange={(e) => {
                setDirectory(e.target.value);
                setReplace(false);
              }}
              spellCheck={false}
            />
          </label>
          {studio.conn.transport === 'electron' && (
            <button type="button" onClick={() => void chooseFolder()} aria-label="Choose the export folder">
              Choose…
            </button>
          )}
        </div>
        {space && (
          <p className={`small ${!space.exists || lowOnSpace ? 'warning' : 'muted'}`} role="status">
            {!space.exists
              ? 'This folder does not exist: create it first, or choose another.'
              : lowOnSpace
                ? `Only ${formatBytes(space.freeBytes ?? 0)} free here, and this export may need up to ${formatBytes(space.mayNeedBytes)}. Free some space or choose another folder.`
                : `${formatBytes(space.freeBytes ?? 0)} free here; this export may need up to ${formatBytes(space.mayNeedBytes)}.`}
          </p>
        )}
        <label>
          File name
          <input
            value={fileName}
            onChange={(e) => {
              setFileName(e.target.value);
              setReplace(false);
            }}
            required
            maxLength={200}
            aria-invalid={!!nameProblem}
            aria-describedby={nameProblem ? 'export-name-problem' : undefined}
          />
          {nameProblem && (
            <span id="export-name-problem" className="field-error">
              {nameProblem}
            </span>
          )}
        </label>
        <label>
          Creator name (shown in the watermark and the credentials)
          <input value={creator} onChange={(e) => setCreator(e.target.value)} maxLength={200} placeholder="Your name" />
        </label>
        <label className="check">
          <input type="checkbox" checked={srt} onChange={(e) => setSrt(e.target.checked)} /> Subtitles (.srt) of the dialogue
        </label>
        <label className="check">
          <input type="checkbox" checked={fcpxml} onChange={(e) => setFcpxml(e.target.checked)} /> Edit lists of the cut: .fcpxml for Final
          Cut and Resolve, .premiere.xml for Premiere
        </label>
        <label className="check">
          <input type="checkbox" checked={titleCards} onChange={(e) => setTitleCards(e.target.checked)} /> Title card over each shot
        </label>
        <p className="muted small">
          Every export carries a visible, moving “Shotline” watermark, metadata marking it AI-generated, and C2PA content credentials
          {defaults
            ? ` signed by “${defaults.credentials.subject}”, a self-signed certificate made on this computer (it proves the file is unaltered, not who you are)`
            : ''}
          .
        </p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={replace ? 'danger' : 'primary'} disabled={busy || nameProblem !== null}>
            {busy ? 'Queuing…' : replace ? 'Replace and render' : 'Render'}
          </button>
        </div>
      </form>
    </div>
  );
}
