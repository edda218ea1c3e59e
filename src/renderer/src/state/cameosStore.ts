import { create } from 'zustand';
import type { CameoSummary, Notification, Profile } from '../../../shared/cameos';
import type { ShotlineApi } from '../../../shared/ipc/api';

/** Profiles, the cameo library and the active profile's notifications, as the engine last reported them. */
export interface CameosState {
  open: boolean;
  profiles: Profile[];
  activeId: string | null;
  cameos: CameoSummary[];
  notifications: Notification[];
  unread: number;
  setOpen(open: boolean): void;
  refresh(api: ShotlineApi): Promise<string | null>;
}

export const useCameos = create<CameosState>()((set) => ({
  open: false,
  profiles: [],
  activeId: null,
  cameos: [],
  notifications: [],
  unread: 0,
  setOpen: (open) => set({ open }),
  refresh: async (api) => {
    const [p, c, n] = await Promise.all([api.profiles.list({}), api.cameos.list({}), api.notifications.list({})]);
    set({
      ...(p.ok ? { profiles: p.value.profiles, activeId: p.value.activeId } : {}),
      ...(c.ok ? { cameos: c.value } : {}),
      ...(n.ok ? { notifications: n.value.items, unread: n.value.unread } : {}),
    });
    return !p.ok ? p.error.message : !c.ok ? c.error.message : !n.ok ? n.error.message : null;
  },
}));
