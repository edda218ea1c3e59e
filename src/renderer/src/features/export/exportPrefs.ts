import { EXPORT_PRESETS, type ExportPreset } from '../../../../shared/jobs';

/** What the export dialog remembers of a project's last export (in this browser or app profile). */
export interface ExportPrefs {
  preset: ExportPreset;
  directory: string;
  srt: boolean;
  fcpxml: boolean;
  titleCards: boolean;
}

const key = (projectId: string) => `shotline.export.${projectId}`;

/** The choices of the project's last export, or null; anything unreadable is ignored, not trusted. */
export function loadExportPrefs(projectId: string, storage: Pick<Storage, 'getItem'> = localStorage): Partial<ExportPrefs> | null {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(key(projectId)) ?? 'null');
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const out: Partial<ExportPrefs> = {};
  if (typeof r.preset === 'string' && (EXPORT_PRESETS as readonly string[]).includes(r.preset)) out.preset = r.preset as ExportPreset;
  if (typeof r.directory === 'string' && r.directory.length <= 4096) out.directory = r.directory;
  for (const k of ['srt', 'fcpxml', 'titleCards'] as const) if (typeof r[k] === 'boolean') out[k] = r[k];
  return out;
}

export function saveExportPrefs(projectId: string, prefs: ExportPrefs, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(key(projectId), JSON.stringify(prefs));
  } catch {
    // A full or disabled storage only costs the convenience.
  }
}
