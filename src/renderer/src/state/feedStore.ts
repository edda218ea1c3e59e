import { create } from 'zustand';
import type { ShotlineApi } from '../../../shared/ipc/api';

/** Whether this studio is signed in to a feed (and where). */
export interface FeedState {
  open: boolean;
  signedIn: boolean;
  url: string | null;
  name: string | null;
  setOpen(open: boolean): void;
  refresh(api: ShotlineApi): Promise<void>;
}

export const useFeed = create<FeedState>()((set) => ({
  open: false,
  signedIn: false,
  url: null,
  name: null,
  setOpen: (open) => set({ open }),
  refresh: async (api) => {
    const r = await api.feed.status({});
    if (r.ok) set(r.value);
  },
}));
