import { create } from 'zustand';
import type { AppInfo } from '../../../shared/ipc/contract';
import type { ProjectSummary } from '../../../shared/domain';

export type SaveState = 'saved' | 'saving' | 'error';
export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

/** Session state: what is selected, what is shown, the save indicator, messages. Never undone. */
export interface SessionState {
  info: AppInfo | null;
  view: 'projects' | 'storyboard';
  projects: ProjectSummary[] | null;
  /** The focused shot (the inspector shows it). */
  selectedShotId: string | null;
  /** All selected shots, the focus included, when several are (Ctrl/⌘- or Shift-click); otherwise empty. See selection.ts. */
  selectedShotIds: string[];
  saveState: SaveState;
  pendingEdits: number;
  connection: 'connecting' | 'open' | 'closed';
  toasts: Toast[];
  dialog: null | { kind: 'shortcuts' } | { kind: 'confirm'; title: string; body: string; confirmLabel: string; onConfirm: () => void };
  set(patch: Partial<SessionState>): void;
  toast(kind: Toast['kind'], message: string): void;
  dismiss(id: number): void;
}

let toastId = 1;

export const useSession = create<SessionState>()((set) => ({
  info: null,
  view: 'projects',
  projects: null,
  selectedShotId: null,
  selectedShotIds: [],
  saveState: 'saved',
  pendingEdits: 0,
  connection: 'open',
  toasts: [],
  dialog: null,
  set: (patch) => set(patch),
  toast: (kind, message) => {
    const id = toastId++;
    set((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, message }] }));
    if (kind === 'info') setTimeout(() => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), 4000);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));
