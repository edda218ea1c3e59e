import {
  CAMERA_MOVES,
  DEPTHS,
  FACINGS,
  LIMITS,
  SHOT_TYPES,
  STAGE_POSITIONS,
  STYLES,
  TIMES_OF_DAY,
  TRANSITIONS,
  labelOf,
  provenanceLabel,
  resolveContinuity,
} from '../../../../shared/domain';
import type { Project, Shot } from '../../../../shared/domain';
import type { ShotPatch } from '../../../../shared/ipc/contract';
import { framesToSeconds, secondsToFrames } from '../../../../shared/time';
import { NumberField, Section, SelectField, TextField } from '../../components/fields';
import type { Studio } from '../../state/studio';
import { DialogueSection, SoundSection } from './LinesAndSound';
import { shotEngines, useModels } from '../../state/modelsStore';

/** Every field of the selected shot. Each change is saved at once and is one undo step. */
export function ShotInspector({ studio, project, shot }: { studio: Studio; project: Project; shot: Shot }) {
  const index = project.shots.findIndex((s) => s.id === shot.id);
  const resolved = resolveContinuity(project)[index]!;
  const fps = project.settings.fps;
  const update = (patch: ShotPatch) => void studio.edit((api) => api.shots.update({ projectId: project.id, shotId: shot.id, patch }));
  const unplaced = project.characters.filter((c) => !shot.characters.some((b) => b.characterId === c.id));
  const locationName = (id: string | null) => project.continuity.locations.find((l) => l.id === id)?.name ?? 'None';
  const packs = shotEngines(useModels((s) => s.models));
  const engineIds = [
    'previz',
    ...packs.map((p) => p.id),
    ...(shot.engine !== 'previz' && !packs.some((p) => p.id === shot.engine) ? [shot.engine] : []),
  ];
  const engineLabels = Object.fromEntries([
    ['previz', 'Previz (procedural animatic)'],
    ...packs.map((p) => [p.id, `${p.name} — ${p.task === 'text-to-image' ? 'keyframe plate' : 'video'}`]),
    ...(engineIds.includes(shot.engine) && !packs.some((p) => p.id === shot.engine) && shot.engine !== 'previz'
      ? [[shot.engine, `${shot.engine} (not installed)`]]
      : []),
  ]) as Record<string, string>;

  return (
    <aside className="inspector" aria-label="Shot inspector">
      <header className="inspector-head">
        <h2>Shot {index + 1}</h2>
        <div className="row-actions">
          <button
            onClick={() => void studio.edit((api) => api.shots.duplicate({ projectId: project.id, shotId: shot.id }))}
            title="Duplicate (Ctrl/⌘+D)"
          >
            Duplicate
          </button>
          <button
            className="danger-text"
            onClick={() => void studio.edit((api) => api.shots.delete({ projectId: project.id, shotIds: [shot.id] }))}
            title="Delete (Del) — undo brings it back"
          >
            Delete shot
          </button>
        </div>
      </header>

      <Section title="Shot">
        <TextField
          label="Title"
          value={shot.title}
          placeholder={`Shot ${index + 1}`}
          maxLength={LIMITS.nameChars}
          onCommit={(title) => update({ title })}
        />
        <div className="field-row">
          <NumberField
            label="Duration"
            suffix="s"
            step={0.25}
            min={1 / fps}
            max={LIMITS.maxShotSeconds}
            value={Math.round(framesToSeconds(shot.durationFrames, fps) * 1000) / 1000}
            onCommit={(s) => update({ durationFrames: Math.max(1, secondsToFrames(s, fps)) })}
          />
          <NumberField
            label="Frames"
            suffix={`@${fps}`}
            min={1}
            max={LIMITS.maxShotSeconds * fps}
            value={shot.durationFrames}
            onCommit={(f) => update({ durationFrames: Math.round(f) })}
          />
        </div>
        <TextField
          label="Prompt"
          multiline
          rows={5}
          value={shot.prompt}
          maxLength={LIMITS.promptChars}
          placeholder="What the camera sees: subject, action, setting, mood, light."
          hint={`${shot.prompt.length.toLocaleString()} / ${LIMITS.promptChars.toLocaleString()}`}
          onCommit={(prompt) => update({ prompt })}
        />
        <SelectField
          label="Engine"
          value={shot.engine}
          options={engineIds}
          labels={engineLabels}
          onChange={(engine) => engine && update({ engine })}
        />
        <div className="field-row">
          <SelectField label="Shot type" value={shot.shotType} options={SHOT_TYPES} onChange={(v) => v && update({ shotType: v })} />
          <SelectField
            label="Camera move"
            value={shot.cameraMove}
            options={CAMERA_MOVES}
            onChange={(v) => v && update({ cameraMove: v })}
          />
        </div>
        <div className="field-row">
          <SelectField
            label="Style"
            value={shot.style}
            options={STYLES}
            inheritLabel={`Project (${labelOf(project.settings.style)})`}
            onChange={(style) => update({ style })}
          />
          <SelectField
            label="Transition in"
            value={shot.transition.kind}
            options={TRANSITIONS}
            onChange={(v) =>
              v &&
              update({ transition: { kind: v, durationFrames: v === 'cut' ? 0 : shot.transition.durationFrames || Math.round(fps / 2) } })
            }
          />
        </div>
        {shot.transition.kind !== 'cut' && (
          <NumberField
            label="Transition length (frames)"
            min={1}
            max={shot.durationFrames}
            value={shot.transition.durationFrames}
            onCommit={(f) => update({ transition: { ...shot.transition, durationFrames: Math.round(f) } })}
          />
        )}
      </Section>

      <Section title="Continuity">
        <div className="field-row">
          <SelectField
            label="Location"
            value={shot.locationId}
            options={project.continuity.locations.map((l) => l.id)}
            labels={Object.fromEntries(project.continuity.locations.map((l) => [l.id, l.name]))}
            inheritLabel={`Carry on (${locationName(resolved.locationId)})`}
            onChange={(locationId) => update({ locationId })}
          />
          <SelectField
            label="Time of day"
            value={shot.timeOfDay}
            options={TIMES_OF_DAY}
            inheritLabel={`Carry on (${labelOf(resolved.timeOfDay)})`}
            onChange={(timeOfDay) => update({ timeOfDay })}
          />
        </div>
        <p className="hint">
          Location: {locationName(resolved.locationId)} — {provenanceLabel(resolved.locationProvenance)}. Time:{' '}
          {labelOf(resolved.timeOfDay)} — {provenanceLabel(resolved.timeOfDayProvenance)}.
        </p>
      </Section>

      <Section
        title="Characters in shot"
        actions={
          unplaced.length > 0 && (
            <select
              aria-label="Place a character in this shot"
              value=""
              onChange={(e) => {
                const characterId = e.target.value;
                if (characterId)
                  update({
                    characters: [...shot.characters, { characterId, position: 'center', depth: 'midground', facing: 'camera', action: '' }],
                  });
              }}
            >
              <option value="">+ Place character…</option>
              {unplaced.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )
        }
      >
        {shot.characters.length === 0 && (
          <p className="muted small">
            {project.characters.length === 0 ? 'Add characters in the Cast panel first.' : 'Nobody is in this shot yet.'}
          </p>
        )}
        {shot.characters.map((b, bi) => {
          const c = project.characters.find((ch) => ch.id === b.characterId);
          const look = resolved.characters[b.characterId];
          const set = (patch: Partial<typeof b>) =>
            update({ characters: shot.characters.map((x, xi) => (xi === bi ? { ...x, ...patch } : x)) });
          return (
            <div key={b.characterId} className="subcard" aria-label={`Blocking for ${c?.name ?? 'character'}`} role="group">
              <div className="subcard-head">
                <span className="dot" style={{ background: c?.color }} />
                <strong>{c?.name}</strong>
                <button
                  className="link"
                  aria-label={`Remove ${c?.name} from this shot`}
                  onClick={() => update({ characters: shot.characters.filter((_, xi) => xi !== bi) })}
                >
                  Remove
                </button>
              </div>
              <div className="field-row three">
                <SelectField label="Position" value={b.position} options={STAGE_POSITIONS} onChange={(v) => v && set({ position: v })} />
                <SelectField label="Depth" value={b.depth} options={DEPTHS} onChange={(v) => v && set({ depth: v })} />
                <SelectField label="Facing" value={b.facing} options={FACINGS} onChange={(v) => v && set({ facing: v })} />
              </div>
              <TextField label="Action" value={b.action} onCommit={(action) => set({ action })} placeholder="What they do in this shot" />
              <TextField
                label="Wardrobe from this shot on"
                value={shot.wardrobe.find((w) => w.characterId === b.characterId)?.wardrobe ?? ''}
                placeholder={look?.wardrobe || 'Same as before'}
                hint={
                  look ? `Now wearing: ${look.wardrobe || '—'} (${provenanceLabel(look.provenance)}). Leave empty to keep it.` : undefined
                }
                onCommit={(text) => {
                  const others = shot.wardrobe.filter((w) => w.characterId !== b.characterId);
                  const current = shot.wardrobe.find((w) => w.characterId === b.characterId);
                  const keepLook = current?.look ?? null;
                  const next =
                    text.trim() === '' && keepLook === null
                      ? others
                      : [...others, { characterId: b.characterId, look: keepLook, wardrobe: text.trim() === '' ? null : text }];
                  update({ wardrobe: next });
                }}
              />
            </div>
          );
        })}
      </Section>

      <DialogueSection studio={studio} project={project} shot={shot} />
      <SoundSection studio={studio} project={project} shot={shot} />

      <Section title="Notes">
        <TextField
          label="Shot notes"
          multiline
          value={shot.notes}
          maxLength={LIMITS.notesChars}
          onCommit={(notes) => update({ notes })}
          placeholder="Anything the crew should know."
        />
      </Section>
    </aside>
  );
}
