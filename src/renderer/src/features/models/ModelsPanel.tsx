import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { PackInfoSchema } from '../../../../shared/ipc/contract';
import { PROVIDER_LABELS, PROVIDERS, type ModelView, type ProviderChoice } from '../../../../shared/models';
import { useModels } from '../../state/modelsStore';
import { useQueue } from '../../state/queueStore';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';

const STATUS_LABEL: Record<ModelView['status'], string> = { ok: 'Verified', missing: 'Missing', broken: 'Broken', invalid: 'Invalid' };
const TASK_LABEL: Record<string, string> = {
  vad: 'Voice activity',
  'face-detection': 'Face detection',
  tts: 'Voice (TTS)',
  'text-to-image': 'Keyframes (text → image)',
  'text-to-video': 'Video (text → video)',
  'image-to-video': 'Video (image → video)',
};
const mb = (bytes: number) => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`);

type PackInfo = z.infer<typeof PackInfoSchema> & { freeBytes?: number };

/** The model manager: built-in models and packs with their verified status, the provider, pack install. */
export function ModelsPanel({ studio }: { studio: Studio }) {
  const { models, runtime, loading, refresh, setOpen } = useModels();
  const toast = useSession((s) => s.toast);
  const local = useSession((s) => s.info?.transport === 'electron');
  const [url, setUrl] = useState('');
  const [folder, setFolder] = useState('');
  const [offer, setOffer] = useState<{ info: PackInfo; from: 'url' | 'folder' } | null>(null);
  const [accepted, setAccepted] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void refresh(studio.api).then((e) => e && toast('error', e));
  }, [refresh, studio, toast]);

  const check = async (from: 'url' | 'folder') => {
    setBusy(true);
    setOffer(null);
    setAccepted(false);
    const r =
      from === 'url'
        ? await studio.api.models.inspectUrl({ url: url.trim() })
        : await studio.api.models.inspectPack({ path: folder.trim() });
    setBusy(false);
    if (!r.ok) return toast('error', r.error.message);
    setOffer({ info: r.value, from });
    setAccepted(r.value.licence.accepted);
  };

  const install = async () => {
    if (!offer) return;
    setBusy(true);
    if (offer.from === 'url') {
      const r = await studio.api.models.downloadPack({ url: url.trim(), acceptLicence: accepted });
      setBusy(false);
      if (!r.ok) return toast('error', r.error.message);
      toast('info', `Downloading ${offer.info.name}: progress is in the queue. It is installed when every file verified.`);
      setOffer(null);
      setUrl('');
      setOpen(false);
      useQueue.getState().setOpen(true);
    } else {
      const r = await studio.api.models.importPack({ path: folder.trim(), acceptLicence: accepted });
      setBusy(false);
      if (!r.ok) return toast('error', r.error.message);
      toast('info', `Installed ${r.value.name}.`);
      setOffer(null);
      setFolder('');
      await refresh(studio.api);
    }
  };

  const short = offer && offer.info.freeBytes !== undefined && offer.info.freeBytes < offer.info.bytes;

  return (
    <aside className="models-panel" aria-label="Models">
      <header className="queue-head">
        <h2>Models</h2>
        <div className="spacer" />
        <button
          onClick={() =>
            void refresh(studio.api, true).then((e) => toast(e ? 'error' : 'info', e ?? 'Every model file was checked again.'))
          }
          disabled={loading}
        >
          {loading ? 'Checking…' : 'Re-check files'}
        </button>
        <button onClick={() => setOpen(false)} aria-label="Close models">
          ✕
        </button>
      </header>

      <section className="models-runtime" aria-label="Runtime">
        <div className="field">
          <label htmlFor="provider-choice">Execution provider</label>
          <select
            id="provider-choice"
            value={runtime?.choice ?? 'auto'}
            onChange={async (e) => {
              const r = await studio.api.models.setProvider({ choice: e.target.value as ProviderChoice });
              if (!r.ok) return toast('error', r.error.message);
              await refresh(studio.api);
            }}
          >
            <option value="auto">Automatic (best available, falls back to CPU)</option>
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {PROVIDER_LABELS[p]}
              </option>
            ))}
          </select>
        </div>
        {runtime && (
          <p className="muted" data-testid="provider-order">
            Tried here, in order: {runtime.order.map((p) => PROVIDER_LABELS[p]).join(' → ')}
            {runtime.worker.running ? ` · inference worker running (pid ${runtime.worker.pid})` : ''}
            {runtime.worker.restarts ? ` · restarted ${runtime.worker.restarts}×` : ''} · memory budget {runtime.worker.memoryBudgetMB} MB
          </p>
        )}
        {runtime?.failed.map((f) => (
          <p key={f.provider} className="muted small">
            {PROVIDER_LABELS[f.provider]} is not available here: {f.message.slice(0, 140)}
          </p>
        ))}
      </section>

      <ul className="models-list" aria-label="Installed models">
        {models.map((m) => (
          <li key={`${m.origin}-${m.folder}`} className={`model-row status-${m.status}`} data-model-id={m.id} data-status={m.status}>
            <div className="model-title">
              <strong>{m.name}</strong> <span className={`model-tag tag-${m.status}`}>{STATUS_LABEL[m.status]}</span>{' '}
              <span className="model-tag">{m.origin === 'built-in' ? 'Built in' : 'Pack'}</span>
            </div>
            <div className="muted small">
              {TASK_LABEL[m.task] ?? m.task} · {mb(m.bytes)} · ~{m.memoryMB} MB in use · licence {m.licence || 'unknown'}
              {m.provider ? ` · runs on ${PROVIDER_LABELS[m.provider]}` : ''}
            </div>
            {m.problem && (
              <p className="model-problem" role="note">
                {m.problem}
              </p>
            )}
          </li>
        ))}
      </ul>

      <section className="models-install" aria-label="Install a pack">
        <h3>Install a model pack</h3>
        <p className="muted small">
          A pack is a folder with a manifest.json, its ONNX files and its licence. Every file is checked against the manifest’s sha256
          before the pack is used; downloads resume where they stopped.
        </p>
        <div className="field">
          <label htmlFor="pack-url">Manifest URL</label>
          <input id="pack-url" type="url" value={url} placeholder="https://…/manifest.json" onChange={(e) => setUrl(e.target.value)} />
        </div>
        <button onClick={() => void check('url')} disabled={busy || !/^https?:\/\/./.test(url.trim())}>
          Check
        </button>
        {local && (
          <>
            <div className="field">
              <label htmlFor="pack-folder">Pack folder on this computer</label>
              <input id="pack-folder" value={folder} onChange={(e) => setFolder(e.target.value)} />
            </div>
            <button onClick={() => void check('folder')} disabled={busy || !folder.trim()}>
              Check folder
            </button>
          </>
        )}
        {offer && (
          <div className="pack-offer" role="region" aria-label="Pack to install">
            <p>
              <strong>{offer.info.name}</strong> ({offer.info.id} {offer.info.version}) — {TASK_LABEL[offer.info.task] ?? offer.info.task}
              <br />
              Needs {mb(offer.info.bytes)}
              {offer.info.freeBytes !== undefined ? `; ${mb(offer.info.freeBytes)} free on this disk` : ''}.
              {offer.info.alreadyInstalled ? ' Replaces the installed version once the new one verified.' : ''}
            </p>
            {short && <p className="model-problem">Not enough disk space. Free some space first.</p>}
            <p className="muted small">Source: {offer.info.source}</p>
            {offer.info.licence.text && (
              <pre className="licence-text" tabIndex={0} aria-label={`Licence: ${offer.info.licence.name}`}>
                {offer.info.licence.text}
              </pre>
            )}
            <label className="check">
              <input type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} /> I accept the licence (
              {offer.info.licence.name})
            </label>
            <button className="primary" disabled={!accepted || busy || !!short} onClick={() => void install()}>
              {offer.from === 'url' ? 'Download and install' : 'Install'}
            </button>
          </div>
        )}
      </section>
    </aside>
  );
}
