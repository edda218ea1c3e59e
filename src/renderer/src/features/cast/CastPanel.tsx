import { useModels } from '../../state/modelsStore';
import { MusicSection } from './MusicSection';
import { CameoBinding } from './CameoBinding';
import { useCameos } from '../../state/cameosStore';
import { useId, useState } from 'react';
import { LIMITS, STYLES, TIMES_OF_DAY } from '../../../../shared/domain';
import type { Character, Project } from '../../../../shared/domain';
import { NumberField, Section, SelectField, TextField } from '../../components/fields';
import type { Studio } from '../../state/studio';

/** Characters (with their continuity look and voice), locations, and the project's starting state. */
export function CastPanel({ studio, project }: { studio: Studio; project: Project }) {
  const [open, setOpen] = useState<string | null>(null);
  const pid = { projectId: project.id };
  const voicePacks = useModels((st) => st.models).filter((m) => m.task === 'tts' && m.status === 'ok');
  const cameos = useCameos((st) => st.cameos);
  const updateChar = (c: Character, patch: Partial<Character>) =>
    void studio.edit((api) => api.characters.update({ ...pid, characterId: c.id, patch }));

  return (
    <aside className="cast" aria-label="Cast and continuity">
      <Section title="Characters">
        <AddByName
          label="New character name"
          buttonLabel="Add character"
          onAdd={async (name) => {
            const id = await studio.edit((api) => api.characters.add({ ...pid, name }));
            if (typeof id === 'string') setOpen(id);
            return id !== null;
          }}
        />
        {project.characters.length === 0 && (
          <p className="muted small">No characters yet. Name one above; then place them in shots and give them lines.</p>
        )}
        <ul className="char-list">
          {project.characters.map((c) => (
            <li key={c.id} className="char">
              <button className="char-head" aria-expanded={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)}>
                <span className="dot" style={{ background: c.color }} />
                <span dir="auto">{c.name}</span>
                <span className="muted small">
                  {c.cameoId ? `cameo ${cameos.find((x) => x.id === c.cameoId)?.name ?? '(deleted)'}` : `${c.voice.voiceId} voice`}
                </span>
              </button>
              {open === c.id && (
                <div className="char-body">
                  <TextField
                    label="Name"
                    value={c.name}
                    maxLength={LIMITS.nameChars}
                    onCommit={(name) => name.trim() && updateChar(c, { name })}
                  />
                  <TextField
                    label="Description"
                    multiline
                    rows={2}
                    value={c.description}
                    onCommit={(description) => updateChar(c, { description })}
                  />
                  <TextField
                    label="Look"
                    multiline
                    rows={2}
                    value={c.look}
                    onCommit={(look) => updateChar(c, { look })}
                    hint="Kept the same in every shot unless a shot changes it."
                  />
                  <TextField label="Wardrobe" multiline rows={2} value={c.wardrobe} onCommit={(wardrobe) => updateChar(c, { wardrobe })} />
                  <CameoBinding studio={studio} character={c} cameos={cameos} onBind={(patch) => updateChar(c, patch)} />
                  <div className="field-row">
                    <div className="field">
                      <label htmlFor={`color-${c.id}`}>Figure colour</label>
                      <input id={`color-${c.id}`} type="color" value={c.color} onChange={(e) => updateChar(c, { color: e.target.value })} />
                    </div>
                    <SelectField
                      label="Voice"
                      value={c.voice.engine === 'flite' ? c.voice.voiceId : `pack:${c.voice.engine}`}
                      options={['slt', 'rms', 'awb', 'kal', ...voicePacks.map((m) => `pack:${m.id}`)]}
                      labels={{
                        slt: 'SLT (female, flite)',
                        rms: 'RMS (male, flite)',
                        awb: 'AWB (male, Scottish, flite)',
                        kal: 'KAL (male, flite)',
                        ...Object.fromEntries(voicePacks.map((m) => [`pack:${m.id}`, `${m.name} (voice pack)`])),
                      }}
                      onChange={(v) =>
                        v &&
                        updateChar(c, {
                          voice: v.startsWith('pack:')
                            ? { ...c.voice, engine: v.slice(5), voiceId: 'default' }
                            : { ...c.voice, engine: 'flite', voiceId: v },
                        })
                      }
                    />
                  </div>
                  <div className="field-row">
                    <NumberField
                      label="Speaking rate"
                      suffix="×"
                      min={0.5}
                      max={2}
                      step={0.05}
                      value={c.voice.rate}
                      onCommit={(rate) => updateChar(c, { voice: { ...c.voice, rate } })}
                    />
                    <NumberField
                      label="Pitch"
                      suffix="st"
                      min={-12}
                      max={12}
                      step={0.5}
                      value={c.voice.pitch}
                      onCommit={(pitch) => updateChar(c, { voice: { ...c.voice, pitch } })}
                    />
                    <NumberField
                      label="Formant"
                      suffix="st"
                      min={-6}
                      max={6}
                      step={0.5}
                      value={c.voice.formant ?? 0}
                      onCommit={(formant) => updateChar(c, { voice: { ...c.voice, formant } })}
                    />
                  </div>
                  <button
                    className="link danger-text"
                    onClick={() => void studio.edit((api) => api.characters.delete({ ...pid, characterId: c.id }))}
                  >
                    Delete {c.name}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      </Section>

      <Section title="Locations">
        <AddByName
          label="New location name"
          buttonLabel="Add location"
          onAdd={async (name) => (await studio.edit((api) => api.locations.add({ ...pid, name }))) !== null}
        />
        <ul className="loc-list">
          {project.continuity.locations.map((l) => (
            <li key={l.id}>
              <TextField
                label={`Location “${l.name}”`}
                className="compact"
                value={l.name}
                onCommit={(name) =>
                  name.trim() && void studio.edit((api) => api.locations.update({ ...pid, locationId: l.id, patch: { name } }))
                }
              />
              <button
                className="link danger-text"
                aria-label={`Delete location ${l.name}`}
                onClick={() => void studio.edit((api) => api.locations.delete({ ...pid, locationId: l.id }))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      </Section>

      <MusicSection studio={studio} project={project} />

      <Section title="Scene start">
        <SelectField
          label="Opening location"
          value={project.continuity.locationId}
          options={project.continuity.locations.map((l) => l.id)}
          labels={Object.fromEntries(project.continuity.locations.map((l) => [l.id, l.name]))}
          inheritLabel="None"
          onChange={(locationId) => void studio.edit((api) => api.continuity.update({ ...pid, patch: { locationId } }))}
        />
        <SelectField
          label="Opening time of day"
          value={project.continuity.timeOfDay}
          options={TIMES_OF_DAY}
          onChange={(timeOfDay) => timeOfDay && void studio.edit((api) => api.continuity.update({ ...pid, patch: { timeOfDay } }))}
        />
        <SelectField
          label="Project style"
          value={project.settings.style}
          options={STYLES}
          onChange={(style) => style && void studio.edit((api) => api.projects.updateSettings({ ...pid, patch: { style } }))}
        />
        <TextField
          label="Continuity notes"
          multiline
          rows={3}
          value={project.continuity.notes}
          onCommit={(notes) => void studio.edit((api) => api.continuity.update({ ...pid, patch: { notes } }))}
        />
      </Section>
    </aside>
  );
}

/** A one-line "name it and add it" form; the text is kept when the add is refused. */
function AddByName(props: { label: string; buttonLabel: string; onAdd(name: string): Promise<boolean> }) {
  const [name, setName] = useState('');
  const id = useId();
  return (
    <form
      className="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const trimmed = name.trim();
        if (trimmed && (await props.onAdd(trimmed))) setName('');
      }}
    >
      <label htmlFor={id} className="sr-only">
        {props.label}
      </label>
      <input id={id} placeholder={props.label} value={name} maxLength={200} dir="auto" onChange={(e) => setName(e.target.value)} />
      <button type="submit" aria-label={props.buttonLabel}>
        Add
      </button>
    </form>
  );
}
