import { create } from 'zustand';
import type { ModelView, RuntimeView } from '../../../shared/models';
import type { ShotlineApi } from '../../../shared/ipc/api';

/** Installed models and the runtime, as the engine last reported them. */
export interface ModelsState {
  models: ModelView[];
  runtime: RuntimeView | null;
  open: boolean;
  loading: boolean;
  setOpen(open: boolean): void;
  refresh(api: ShotlineApi, rescan?: boolean): Promise<string | null>;
}

export const useModels = create<ModelsState>()((set) => ({
  models: [],
  runtime: null,
  open: false,
  loading: false,
  setOpen: (open) => set({ open }),
  refresh: async (api, rescan = false) => {
    set({ loading: true });
    const [m, r] = await Promise.all([api.models.list({ rescan }), api.models.runtime({})]);
    set({ loading: false, ...(m.ok ? { models: m.value } : {}), ...(r.ok ? { runtime: r.value } : {}) });
    return !m.ok ? m.error.message : !r.ok ? r.error.message : null;
  },
}));

/** Packs that can draw a shot (image or video packs that verified). */
export function shotEngines(models: readonly ModelView[]): ModelView[] {
  return models.filter((m) => m.status === 'ok' && ['text-to-image', 'text-to-video', 'image-to-video'].includes(m.task));
}
