import { useEffect, useRef, useState } from 'react';
import { CAMEO_KINDS, type CameoKind, type Liveness } from '../../../../shared/cameos';
import { useQueue } from '../../state/queueStore';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';
import { blobToBase64 } from '../../util/base64';
import { openRecorder } from '../../util/recorder';
import { LivenessScores } from './LivenessScores';

const RECORD_SECONDS = 8;

/** Shows a stream in a video element (a module-level helper: media elements are mutated, not rendered). */
function attach(el: HTMLVideoElement | null, stream: MediaStream | null) {
  if (el) el.srcObject = stream;
}

/**
 * A new cameo (or a re-capture): for a person, a random challenge phrase is shown first; the clip is
 * recorded from the camera and microphone (allowed only while this form records) or picked as a
 * file, then analysed by a queue job whose progress and result show here.
 */
export function CaptureForm({
  studio,
  initial,
  onDone,
}: {
  studio: Studio;
  initial: { recaptureOf?: string; kind?: CameoKind; name?: string };
  onDone: (cameoId: string | null) => void;
}) {
  const toast = useSession((s) => s.toast);
  const [name, setName] = useState(initial.name ?? '');
  const [kind, setKind] = useState<CameoKind>(initial.kind ?? 'person');
  const [phrase, setPhrase] = useState<string | null>(null);
  const [recording, setRecording] = useState<{ rec: MediaRecorder; stream: MediaStream; started: number } | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [jobId, setJobId] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const preview = useRef<HTMLVideoElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const job = useQueue((q) => (jobId ? q.snapshot?.jobs.find((j) => j.id === jobId) : undefined));
  const live = useQueue((q) => (jobId ? q.progress[jobId] : undefined));

  useEffect(() => {
    void studio.api.cameos.challenge({}).then((r) => r.ok && setPhrase(r.value.phrase));
  }, [studio]);

  useEffect(() => {
    if (!recording) return;
    const t = setInterval(() => {
      const s = (Date.now() - recording.started) / 1000;
      setElapsed(s);
      if (s >= RECORD_SECONDS && recording.rec.state === 'recording') recording.rec.stop();
    }, 200);
    return () => clearInterval(t);
  }, [recording]);

  useEffect(() => {
    if (job?.state === 'succeeded') {
      toast('info', `Cameo "${name}" is in the library.`);
      onDone((job.result?.cameoId as string) ?? null);
    }
  }, [job?.state, job?.result, name, onDone, toast]);

  const send = async (blob: Blob, fileName: string) => {
    setSending(true);
    const r = await studio.api.cameos.capture({
      name: name.trim() || 'Untitled cameo',
      kind,
      challengePhrase: kind === 'person' ? phrase : null,
      base64: await blobToBase64(blob),
      fileName,
      ...(initial.recaptureOf ? { recaptureOf: initial.recaptureOf } : {}),
    });
    setSending(false);
    if (!r.ok) return toast('error', r.error.message);
    setJobId(r.value.jobId);
  };

  const record = async () => {
    if (!name.trim()) return toast('error', 'Name the cameo first.');
    const opened = await openRecorder(studio.api, { video: { width: 640, height: 480 }, audio: true });
    if ('error' in opened) return toast('error', opened.error);
    const { stream } = opened;
    attach(preview.current, stream);
    const chunks: Blob[] = [];
    const rec = new MediaRecorder(stream);
    rec.ondataavailable = (ev) => chunks.push(ev.data);
    rec.onstop = () => {
      opened.close();
      attach(preview.current, null);
      setRecording(null);
      void send(new Blob(chunks, { type: rec.mimeType || 'video/webm' }), 'capture.webm');
    };
    rec.start();
    setElapsed(0);
    setRecording({ rec, stream, started: Date.now() });
  };

  const failed = job?.state === 'failed' ? job.error : null;
  const liveness = parseLiveness(failed?.details);
  const p = live ?? job?.progress;
  const busy = sending || !!recording || (!!job && (job.state === 'queued' || job.state === 'running'));

  return (
    <section className="panel-section capture" aria-label={initial.recaptureOf ? 'Re-capture cameo' : 'New cameo'}>
      <header>
        <h3>{initial.recaptureOf ? `Re-capture ${initial.name}` : 'New cameo'}</h3>
        <button className="link" onClick={() => onDone(null)} disabled={!!recording}>
          Cancel
        </button>
      </header>
      <div className="field">
        <label htmlFor="cameo-name">Name</label>
        <input id="cameo-name" value={name} disabled={!!initial.recaptureOf} onChange={(e) => setName(e.target.value)} maxLength={80} />
      </div>
      <div className="field">
        <label htmlFor="cameo-kind">Kind</label>
        <select id="cameo-kind" value={kind} disabled={!!initial.recaptureOf} onChange={(e) => setKind(e.target.value as CameoKind)}>
          {CAMEO_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </div>
      {kind === 'person' ? (
        <div className="challenge" role="note">
          <p className="small">While recording, read this phrase aloud, then slowly turn your head to the left and to the right:</p>
          <p className="challenge-phrase" data-testid="challenge-phrase">
            “{phrase ?? '…'}”
          </p>
          <p className="muted small">
            Only the person whose cameo this is may be in the picture. The check passes when one face is seen in at least 90 % of frames,
            the head turns both ways, and the phrase is heard.
          </p>
        </div>
      ) : (
        <p className="muted small">Animals and objects skip the face and phrase checks; they are marked “not verified”.</p>
      )}
      <video ref={preview} className="capture-preview" muted autoPlay playsInline hidden={!recording} />
      <div className="field-row">
        {recording ? (
          <button className="danger-text" onClick={() => recording.rec.stop()}>
            ■ Stop ({elapsed.toFixed(1)} / {RECORD_SECONDS} s)
          </button>
        ) : (
          <button className="primary" disabled={busy || (kind === 'person' && !phrase)} onClick={() => void record()}>
            ● Record
          </button>
        )}
        <button disabled={busy} onClick={() => (name.trim() ? file.current?.click() : toast('error', 'Name the cameo first.'))}>
          Import video…
        </button>
        <input
          ref={file}
          type="file"
          accept="video/*"
          hidden
          data-testid="capture-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void send(f, f.name);
          }}
        />
      </div>
      {job && (job.state === 'queued' || job.state === 'running') && (
        <div className="small" role="status">
          <progress max={100} value={p?.percent ?? 0} /> {p ? `${Math.round(p.percent)} % · ${p.stage}` : 'Waiting in the queue…'}
          {p?.etaSeconds ? ` · about ${Math.ceil(p.etaSeconds)} s left` : ''}
        </div>
      )}
      {failed && (
        <div className="error-box" role="alert" data-testid="capture-error">
          <p className="small">{failed.message}</p>
          {liveness && <LivenessScores l={liveness} />}
          <button
            onClick={() => {
              setJobId(null);
              void studio.api.cameos.challenge({}).then((r) => r.ok && setPhrase(r.value.phrase));
            }}
          >
            Try again with a new phrase
          </button>
        </div>
      )}
    </section>
  );
}

function parseLiveness(details: string | undefined): Liveness | null {
  try {
    return details ? (JSON.parse(details) as Liveness) : null;
  } catch {
    return null;
  }
}
