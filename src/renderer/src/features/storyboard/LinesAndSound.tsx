import { TakeControls } from './TakeControls';
import { DIALOGUE_SOURCES, LIMITS, SOUND_KINDS, SOUND_PRESETS } from '../../../../shared/domain';
import type { DialogueLine, Project, Shot, SoundCue } from '../../../../shared/domain';
import { NumberField, Section, SelectField, TextField } from '../../components/fields';
import type { Studio } from '../../state/studio';

/** Dialogue lines of a shot: who speaks, what, how it is voiced, and when. */
export function DialogueSection({ studio, project, shot }: { studio: Studio; project: Project; shot: Shot }) {
  const base = { projectId: project.id, shotId: shot.id };
  const update = (line: DialogueLine, patch: Partial<DialogueLine>) =>
    void studio.edit((api) => api.dialogue.update({ ...base, lineId: line.id, patch }));
  const speaker = shot.characters[0]?.characterId ?? project.characters[0]?.id;
  return (
    <Section
      title="Dialogue"
      actions={
        speaker && (
          <button
            onClick={() => void studio.edit((api) => api.dialogue.add({ ...base, characterId: speaker }))}
            aria-label="Add dialogue line"
          >
            + Line
          </button>
        )
      }
    >
      {!speaker && <p className="muted small">Add a character in the Cast panel to give them lines.</p>}
      {speaker && shot.dialogue.length === 0 && <p className="muted small">No dialogue in this shot.</p>}
      {shot.dialogue.map((line, i) => (
        <div key={line.id} className="subcard" role="group" aria-label={`Dialogue line ${i + 1}`}>
          <div className="field-row">
            <SelectField
              label="Speaker"
              value={line.characterId}
              options={project.characters.map((c) => c.id)}
              labels={Object.fromEntries(project.characters.map((c) => [c.id, c.name]))}
              onChange={(v) => v && update(line, { characterId: v })}
            />
            <SelectField
              label="Voice source"
              value={line.source}
              options={DIALOGUE_SOURCES}
              labels={{ tts: 'Text to speech', recorded: 'Recorded take', imported: 'Imported file' }}
              onChange={(v) => v && update(line, { source: v })}
            />
          </div>
          <TextField
            label={`Line ${i + 1} text`}
            multiline
            rows={2}
            value={line.text}
            maxLength={LIMITS.textChars}
            onCommit={(text) => update(line, { text })}
            placeholder="What they say"
          />
          {line.source !== 'tts' && <TakeControls studio={studio} base={base} line={line} index={i} />}
          <div className="field-row">
            <NumberField
              label="Starts at frame"
              min={0}
              max={shot.durationFrames - 1}
              value={line.offsetFrames}
              onCommit={(f) => update(line, { offsetFrames: Math.round(f) })}
            />
            <NumberField
              label="Trim start (frames)"
              min={0}
              max={shot.durationFrames}
              value={line.trimStartFrames}
              onCommit={(f) => update(line, { trimStartFrames: Math.max(0, Math.round(f)) })}
            />
            <NumberField
              label="Trim end (frames)"
              min={0}
              max={shot.durationFrames}
              value={line.trimEndFrames}
              onCommit={(f) => update(line, { trimEndFrames: Math.max(0, Math.round(f)) })}
            />
            <button
              className="link danger-text align-end"
              aria-label={`Delete dialogue line ${i + 1}`}
              onClick={() => void studio.edit((api) => api.dialogue.delete({ ...base, lineId: line.id }))}
            >
              Delete line
            </button>
          </div>
        </div>
      ))}
    </Section>
  );
}

/** Sound cues of a shot: procedural ambience and effects (or imported files), with timing and gain. */
export function SoundSection({ studio, project, shot }: { studio: Studio; project: Project; shot: Shot }) {
  const base = { projectId: project.id, shotId: shot.id };
  const update = (cue: SoundCue, patch: Partial<SoundCue>) =>
    void studio.edit((api) => api.sound.update({ ...base, cueId: cue.id, patch }));
  return (
    <Section
      title="Sound"
      actions={
        <button onClick={() => void studio.edit((api) => api.sound.add(base))} aria-label="Add sound cue">
          + Cue
        </button>
      }
    >
      {shot.sound.length === 0 && (
        <p className="muted small">No ambience or effects. Add a cue: rain, wind, room tone, crowd, footsteps…</p>
      )}
      {shot.sound.map((cue, i) => (
        <div key={cue.id} className="subcard" role="group" aria-label={`Sound cue ${i + 1}`}>
          <div className="field-row">
            <TextField label="Cue label" value={cue.label} onCommit={(label) => update(cue, { label })} />
            <SelectField label="Kind" value={cue.kind} options={SOUND_KINDS} onChange={(v) => v && update(cue, { kind: v })} />
          </div>
          <div className="field-row">
            <SelectField
              label="Procedural sound"
              value={cue.preset}
              options={SOUND_PRESETS}
              inheritLabel="Imported file"
              onChange={(preset) => update(cue, { preset })}
            />
            <NumberField
              label="Gain"
              suffix="dB"
              min={-60}
              max={12}
              step={0.5}
              value={cue.gainDb}
              onCommit={(gainDb) => update(cue, { gainDb })}
            />
          </div>
          <div className="field-row three">
            <NumberField label="Start frame" min={0} value={cue.startFrame} onCommit={(f) => update(cue, { startFrame: Math.round(f) })} />
            <NumberField
              label="Length (frames)"
              min={1}
              value={cue.lengthFrames}
              onCommit={(f) => update(cue, { lengthFrames: Math.round(f) })}
            />
            <NumberField
              label="Fade in (frames)"
              min={0}
              value={cue.fadeInFrames}
              onCommit={(f) => update(cue, { fadeInFrames: Math.round(f) })}
            />
          </div>
          {cue.preset === null && cue.assetPath === null && (
            <p className="hint hint-warn">No file yet: this cue is silent until a sound is imported.</p>
          )}
          <button
            className="link danger-text"
            aria-label={`Delete sound cue ${i + 1}`}
            onClick={() => void studio.edit((api) => api.sound.delete({ ...base, cueId: cue.id }))}
          >
            Delete cue
          </button>
        </div>
      ))}
    </Section>
  );
}
