import { blobToBase64 } from '../../util/base64';
import { openRecorder } from '../../util/recorder';
import { useEffect, useRef, useState } from 'react';
import type { DialogueLine } from '../../../../shared/domain';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';

/**
 * Record a take of a line from the microphone (MediaRecorder) or pick an audio file; either is sent
 * to the studio, which checks it for speech and aligns the line's text to it.
 */
export function TakeControls({
  studio,
  base,
  line,
  index,
}: {
  studio: Studio;
  base: { projectId: string; shotId: string };
  line: DialogueLine;
  index: number;
}) {
  const toast = useSession((s) => s.toast);
  const [recording, setRecording] = useState<{ rec: MediaRecorder; started: number } | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!recording) return;
    const t = setInterval(() => setElapsed((Date.now() - recording.started) / 1000), 200);
    return () => clearInterval(t);
  }, [recording]);

  const send = async (blob: Blob, fileName: string) => {
    setBusy(true);
    const r = await studio.edit(async (api) =>
      api.dialogue.uploadTake({ ...base, lineId: line.id, fileName, base64: await blobToBase64(blob) }),
    );
    setBusy(false);
    if (r) toast('info', `Take ${fileName} added to line ${index + 1}: the mouth follows it.`);
  };

  const start = async () => {
    const opened = await openRecorder(studio.api, { audio: true });
    if ('error' in opened) return toast('error', opened.error);
    const { stream } = opened;
    const chunks: Blob[] = [];
    const rec = new MediaRecorder(stream);
    rec.ondataavailable = (ev) => chunks.push(ev.data);
    rec.onstop = () => {
      opened.close();
      void send(new Blob(chunks, { type: rec.mimeType || 'audio/webm' }), 'recording.webm');
    };
    rec.start();
    setElapsed(0);
    setRecording({ rec, started: Date.now() });
  };

  return (
    <div className="take-controls">
      {recording ? (
        <button
          className="danger-text"
          onClick={() => {
            recording.rec.stop();
            setRecording(null);
          }}
        >
          ■ Stop ({elapsed.toFixed(1)} s)
        </button>
      ) : (
        <button onClick={() => void start()} disabled={busy} aria-label={`Record a take of line ${index + 1}`}>
          ● Record
        </button>
      )}
      <button onClick={() => file.current?.click()} disabled={busy || !!recording} aria-label={`Import a take for line ${index + 1}`}>
        Import take…
      </button>
      <input
        ref={file}
        type="file"
        accept="audio/*,video/*"
        hidden
        aria-label={`Take file for line ${index + 1}`}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void send(f, f.name);
        }}
      />
      <span className="muted small">
        {busy
          ? 'Checking the take…'
          : line.source === 'tts'
            ? 'Spoken by text to speech'
            : line.assetPath
              ? 'Using its take'
              : 'No take yet'}
      </span>
    </div>
  );
}
