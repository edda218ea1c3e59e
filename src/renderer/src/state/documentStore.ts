import { create } from 'zustand';
import { temporal } from 'zundo';
import type { Project } from '../../../shared/domain';

/**
 * The open project document, with undo history (zundo). Only the document is tracked: selection,
 * zoom and other session state live in the session store and are never undone.
 */
export interface DocumentState {
  project: Project | null;
  setProject(project: Project | null): void;
}

export const useDocument = create<DocumentState>()(
  temporal(
    (set) => ({
      project: null,
      setProject: (project) => set({ project }),
    }),
    { limit: 200, partialize: (s) => ({ project: s.project }), equality: (a, b) => a.project === b.project },
  ),
);

export const history = () => useDocument.temporal.getState();
