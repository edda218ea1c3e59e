import type { Project } from '../../../../shared/domain';
import { useCameos } from '../../state/cameosStore';
import { useFeed } from '../../state/feedStore';
import { useModels } from '../../state/modelsStore';
import { useQueue } from '../../state/queueStore';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';
import { selectedShots } from './selection';

/** The selected shots of the open project, in storyboard order (the focused one alone when one is selected). */
export function currentSelection(project: Project): string[] {
  const s = useSession.getState();
  return selectedShots(
    { focus: s.selectedShotId, many: s.selectedShotIds },
    project.shots.map((x) => x.id),
  );
}

/** Queues takes of the given shots (the button under the preview, and R), and says what happened. */
export async function renderSelectedShots(studio: Studio, project: Project, shotIds: readonly string[]): Promise<void> {
  const { toast } = useSession.getState();
  if (shotIds.length === 0) return;
  const r = await studio.api.render.shots({ projectId: project.id, shotIds: [...shotIds] });
  if (!r.ok) return toast('error', r.error.message);
  const n = r.value.shotJobIds.length;
  const many = shotIds.length > 1;
  const damaged = r.value.damagedShots ? ` (${r.value.damagedShots} damaged take(s) on disk, made again)` : '';
  toast(
    'info',
    n === 0
      ? many
        ? `All ${shotIds.length} shots are already rendered with these settings.`
        : 'This shot is already rendered with these settings.'
      : many
        ? `Rendering ${n} of the ${shotIds.length} selected shots${r.value.cachedShots ? ` (${r.value.cachedShots} already rendered)` : ''}${damaged} — see the queue.`
        : r.value.damagedShots
          ? 'Its take on disk was damaged: rendering this shot again (see the queue).'
          : 'Rendering this shot (see the queue).',
  );
  if (n) useQueue.getState().setOpen(true);
}

/** Opens or closes the render queue (the toolbar button, and Q); the other side panels close. */
export function toggleQueuePanel(): void {
  useQueue.getState().setOpen(!useQueue.getState().open);
  useModels.getState().setOpen(false);
  useCameos.getState().setOpen(false);
  useFeed.getState().setOpen(false);
}
