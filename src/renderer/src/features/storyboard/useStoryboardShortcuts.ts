import { useEffect } from 'react';
import { useDocument } from '../../state/documentStore';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';
import { currentSelection, renderSelectedShots, toggleQueuePanel } from './actions';

const isTyping = (el: Element | null) =>
  !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || (el as HTMLElement).isContentEditable);

/** Storyboard keyboard shortcuts. Inside text fields the browser's own text undo applies. */
export function useStoryboardShortcuts(studio: Studio) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const project = useDocument.getState().project;
      const session = useSession.getState();
      if (!project || session.dialog) return;
      const mod = e.ctrlKey || e.metaKey;
      const typing = isTyping(document.activeElement);
      const key = e.key.toLowerCase();
      if (mod && key === 'z' && !typing) {
        e.preventDefault();
        if (e.shiftKey) studio.redo();
        else studio.undo();
        return;
      }
      if (mod && key === 'y' && !typing) {
        e.preventDefault();
        studio.redo();
        return;
      }
      if (typing) return;
      const index = project.shots.findIndex((s) => s.id === session.selectedShotId);
      const shot = project.shots[index];
      const select = (i: number) => {
        const target = project.shots[Math.max(0, Math.min(project.shots.length - 1, i))];
        if (!target) return;
        session.set({ selectedShotId: target.id, selectedShotIds: [] });
        document.querySelector<HTMLElement>(`[data-shot-id="${target.id}"] .shot-card-body`)?.focus();
      };
      if (mod && key === 'd' && shot) {
        e.preventDefault();
        void studio
          .edit((api) => api.shots.duplicate({ projectId: project.id, shotId: shot.id }))
          .then((id) => typeof id === 'string' && session.set({ selectedShotId: id }));
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && shot) {
        e.preventDefault();
        const ids = currentSelection(project);
        void studio
          .edit((api) => api.shots.delete({ projectId: project.id, shotIds: ids }))
          .then(() => {
            session.set({ selectedShotIds: [] });
            if (ids.length > 1) session.toast('info', `Deleted ${ids.length} shots. Ctrl/⌘+Z brings them back.`);
          });
      } else if (mod && key === 'a') {
        e.preventDefault();
        session.set({ selectedShotId: shot?.id ?? project.shots[0]?.id ?? null, selectedShotIds: project.shots.map((s) => s.id) });
      } else if (e.key === 'Escape' && session.selectedShotIds.length > 0) {
        session.set({ selectedShotIds: [] });
      } else if (key === 'r' && !mod && !e.altKey && shot) {
        e.preventDefault();
        void renderSelectedShots(studio, project, currentSelection(project));
      } else if (key === 'q' && !mod && !e.altKey) {
        e.preventDefault();
        toggleQueuePanel();
      } else if (key === 'n' && !mod) {
        e.preventDefault();
        void studio
          .edit((api) => api.shots.add({ projectId: project.id, index: index + 1 }))
          .then((id) => typeof id === 'string' && session.set({ selectedShotId: id }));
      } else if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight') && shot) {
        e.preventDefault();
        const to = index + (e.key === 'ArrowLeft' ? -1 : 1);
        if (to >= 0 && to < project.shots.length)
          void studio.edit((api) => api.shots.move({ projectId: project.id, shotId: shot.id, toIndex: to })).then(() => select(to));
      } else if (
        !e.altKey &&
        !mod &&
        (e.key === 'ArrowLeft' || e.key === 'ArrowRight') &&
        (document.activeElement as HTMLElement | null)?.closest?.('.strip') == null
      ) {
        // Arrow keys on a focused card belong to dnd-kit's keyboard dragging; elsewhere they select.
        e.preventDefault();
        select(index + (e.key === 'ArrowLeft' ? -1 : 1));
      } else if (e.key === '?') {
        session.set({ dialog: { kind: 'shortcuts' } });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [studio]);
}
