import { blobToBase64 } from '../../util/base64';
import { useRef, useState } from 'react';
import type { Project } from '../../../../shared/domain';
import { framesToSeconds, secondsToFrames } from '../../../../shared/time';
import { NumberField, Section } from '../../components/fields';
import type { Studio } from '../../state/studio';

/** The project's music bed: one file under the whole cut, faded, and ducked while lines are spoken. */
export function MusicSection({ studio, project }: { studio: Studio; project: Project }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const fps = project.settings.fps;
  const m = project.music;
  const pid = { projectId: project.id };
  return (
    <Section
      title="Music bed"
      actions={
        <button onClick={() => input.current?.click()} disabled={busy} aria-label="Choose music">
          {busy ? 'Reading…' : m ? 'Replace…' : 'Choose…'}
        </button>
      }
    >
      <input
        ref={input}
        type="file"
        accept="audio/*"
        hidden
        aria-label="Music file"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          setBusy(true);
          await studio.edit(async (api) => api.music.upload({ ...pid, fileName: f.name, base64: await blobToBase64(f) }));
          setBusy(false);
        }}
      />
      {!m ? (
        <p className="muted small">No music. It plays under the whole export and steps back about 10 dB while someone speaks.</p>
      ) : (
        <>
          <p className="small" data-testid="music-title">
            {m.title}
          </p>
          <div className="field-row">
            <NumberField
              label="Gain"
              suffix="dB"
              min={-60}
              max={12}
              value={m.gainDb}
              onCommit={(gainDb) => void studio.edit((api) => api.music.update({ ...pid, patch: { gainDb } }))}
            />
            <NumberField
              label="Fade in"
              suffix="s"
              step={0.25}
              min={0}
              max={30}
              value={framesToSeconds(m.fadeInFrames, fps)}
              onCommit={(s) => void studio.edit((api) => api.music.update({ ...pid, patch: { fadeInFrames: secondsToFrames(s, fps) } }))}
            />
            <NumberField
              label="Fade out"
              suffix="s"
              step={0.25}
              min={0}
              max={30}
              value={framesToSeconds(m.fadeOutFrames, fps)}
              onCommit={(s) => void studio.edit((api) => api.music.update({ ...pid, patch: { fadeOutFrames: secondsToFrames(s, fps) } }))}
            />
          </div>
          <button className="link danger-text" onClick={() => void studio.edit((api) => api.music.update({ ...pid, patch: null }))}>
            Remove music
          </button>
        </>
      )}
    </Section>
  );
}
