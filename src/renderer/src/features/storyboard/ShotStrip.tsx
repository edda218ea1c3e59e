import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';

const screenReaderInstructions = {
  draggable:
    'To move this shot, press Space, then the arrow keys, then Space again to drop it. Escape cancels. Alt with the arrow keys moves it at once.',
};
import { arrayMove, horizontalListSortingStrategy, SortableContext, sortableKeyboardCoordinates, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useRef } from 'react';
import type { Project, Shot } from '../../../../shared/domain';
import { resolveContinuity, type ResolvedContinuity } from '../../../../shared/domain';
import { durationLabel } from '../../../../shared/time';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';
import { ShotSketch } from './ShotSketch';
import { selectedShots, selectShot, type SelectMode } from './selection';
import { latestTake, ShotThumb } from './ShotThumb';

/** The storyboard strip: one card per shot, reorderable by mouse drag and by keyboard. */
export function ShotStrip({ studio, project }: { studio: Studio; project: Project }) {
  const selected = useSession((s) => s.selectedShotId);
  const many = useSession((s) => s.selectedShotIds);
  const setSession = useSession((s) => s.set);
  const order = project.shots.map((s) => s.id);
  const inSelection = new Set(selectedShots({ focus: selected, many }, order));
  const choose = (id: string, mode: SelectMode | 'focus') => {
    const s = useSession.getState();
    if (mode === 'focus') return setSession({ selectedShotId: id });
    const next = selectShot({ focus: s.selectedShotId, many: s.selectedShotIds }, id, mode, order);
    setSession({ selectedShotId: next.focus, selectedShotIds: [...next.many] });
  };
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const resolved = resolveContinuity(project);

  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    const from = project.shots.findIndex((s) => s.id === e.active.id);
    const to = project.shots.findIndex((s) => s.id === e.over!.id);
    if (from < 0 || to < 0) return;
    // Show the new order at once; the engine's answer replaces it a moment later.
    void studio.edit((api) => api.shots.move({ projectId: project.id, shotId: String(e.active.id), toIndex: to }), {
      optimistic: { ...project, shots: arrayMove(project.shots, from, to) },
    });
  };

  const addShot = async () => {
    const index = selected ? project.shots.findIndex((s) => s.id === selected) + 1 : project.shots.length;
    const id = await studio.edit((api) => api.shots.add({ projectId: project.id, index }));
    if (typeof id === 'string') setSession({ selectedShotId: id, selectedShotIds: [] });
  };

  // Spoken (and test-visible) descriptions of a drag, in terms of shot titles and positions.
  const label = (id: UniqueIdentifier) => {
    const i = project.shots.findIndex((s) => s.id === id);
    return `shot ${i + 1}${project.shots[i]?.title ? ` “${project.shots[i]!.title}”` : ''}`;
  };
  const position = (id: UniqueIdentifier | undefined) => project.shots.findIndex((s) => s.id === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${label(active.id)}. Use the arrow keys to move it, Space to drop it, Escape to cancel.`,
    onDragOver: ({ active, over }) =>
      over ? `${label(active.id)} moved to position ${position(over.id)} of ${project.shots.length}.` : undefined,
    onDragEnd: ({ active, over }) =>
      over ? `Dropped ${label(active.id)} at position ${position(over.id)}.` : `Dropped ${label(active.id)}.`,
    onDragCancel: ({ active }) => `Moving ${label(active.id)} was cancelled; it is back in place.`,
  };

  if (project.shots.length === 0) {
    return (
      <div className="strip-empty empty">
        <h3>No shots yet</h3>
        <p>A storyboard is a row of shots. Add the first one, then describe what the camera sees.</p>
        <button className="primary" onClick={() => void addShot()}>
          Add the first shot
        </button>
      </div>
    );
  }

  return (
    <div className="strip-wrap">
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions }}
      >
        <SortableContext items={project.shots.map((s) => s.id)} strategy={horizontalListSortingStrategy}>
          <ol className="strip" aria-label="Shots">
            {project.shots.map((shot, i) => (
              <ShotCard
                key={shot.id}
                studio={studio}
                shot={shot}
                index={i}
                project={project}
                resolved={resolved[i]!}
                selected={shot.id === selected}
                inSelection={inSelection.size > 1 && inSelection.has(shot.id)}
                onSelect={(mode) => choose(shot.id, mode)}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <button className="add-shot" onClick={() => void addShot()} aria-label="Add shot" title="Add a shot after the selected one (N)">
        <span aria-hidden="true">+</span>
        Add shot
      </button>
    </div>
  );
}

function ShotCard(props: {
  studio: Studio;
  shot: Shot;
  index: number;
  project: Project;
  resolved: ResolvedContinuity;
  selected: boolean;
  /** One of several selected shots. */
  inSelection: boolean;
  onSelect(mode: SelectMode | 'focus'): void;
}) {
  const { shot, index, project, resolved } = props;
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: shot.id });
  const names = shot.characters.map((b) => project.characters.find((c) => c.id === b.characterId)?.name).filter(Boolean);
  const location = project.continuity.locations.find((l) => l.id === resolved.locationId)?.name;
  const title = shot.title || `Shot ${index + 1}`;
  // A Ctrl/⌘- or Shift-click focuses the card on pointer-down: that focus must not reset the selection.
  const modified = useRef(false);
  const mode = (e: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): SelectMode =>
    e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'only';
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`shot-card ${props.selected ? 'selected' : ''} ${props.inSelection ? 'in-selection' : ''} ${isDragging ? 'dragging' : ''}`}
      data-shot-id={shot.id}
    >
      <div
        {...attributes}
        {...listeners}
        role="button"
        tabIndex={0}
        className="shot-card-body"
        aria-label={`Shot ${index + 1}: ${title}`}
        aria-pressed={props.selected || props.inSelection}
        onPointerDown={(e) => {
          modified.current = mode(e) !== 'only';
          listeners?.onPointerDown?.(e);
        }}
        // Shift-click would otherwise select the text between the cards.
        onMouseDown={(e) => e.shiftKey && e.preventDefault()}
        onClick={(e) => {
          modified.current = false;
          props.onSelect(mode(e));
        }}
        onFocus={() => {
          if (!modified.current) props.onSelect(props.inSelection ? 'focus' : 'only');
        }}
      >
        <div className="thumb">
          <ShotThumb
            studio={props.studio}
            project={project}
            shot={shot}
            fallback={<ShotSketch shot={shot} characters={project.characters} timeOfDay={resolved.timeOfDay} style={resolved.style} />}
          />
          <span className="badge badge-num">{index + 1}</span>
          <span className="badge badge-dur">{durationLabel(shot.durationFrames, project.settings.fps)}</span>
          <span className="badge badge-sketch">
            {latestTake(shot) ? `Take · ${latestTake(shot)!.engine}` : shot.engine === 'previz' ? 'Previz' : `Pack · ${shot.engine}`}
          </span>
        </div>
        <div className="shot-meta">
          <div className="shot-title" dir="auto">
            {title}
          </div>
          <div className="shot-sub muted">
            {shot.shotType.replace(/-/g, ' ')} · {shot.cameraMove.replace(/-/g, ' ')}
            {location ? ` · ${location}` : ''}
          </div>
          <p className="shot-prompt" dir="auto">
            {shot.prompt || <span className="muted">No prompt yet</span>}
          </p>
          <div className="chips">
            {names.map((n) => (
              <span key={n} className="chip">
                {n}
              </span>
            ))}
            {shot.dialogue.length > 0 && (
              <span className="chip chip-dim">
                {shot.dialogue.length} line{shot.dialogue.length === 1 ? '' : 's'}
              </span>
            )}
            {shot.sound.length > 0 && (
              <span className="chip chip-dim">
                {shot.sound.length} cue{shot.sound.length === 1 ? '' : 's'}
              </span>
            )}
          </div>
        </div>
      </div>
    </li>
  );
}
