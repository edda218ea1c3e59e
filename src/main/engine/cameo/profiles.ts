import type { Profile } from '../../../shared/cameos';
import { AppError } from '../../../shared/result';
import type { CameoStore } from './cameoStore';

const ACTIVE_KEY = 'profiles.active';

export interface ProfilesDeps {
  store: CameoStore;
  settings: { getState(key: string): string | null; setState(key: string, value: string): void };
  newId: (prefix: string) => string;
  clock: () => string;
  /** Name of the first profile (the OS user's name where known). */
  firstProfileName?: string;
  /** The active profile or the list changed. */
  onChanged: () => void;
}

/**
 * The people of this studio, one active at a time. They are local and not passwords: they keep
 * honest people's choices apart on a shared machine. Stand-ins for the owners of cameos shared
 * from other studios are not among them and can never be made active.
 */
export class Profiles {
  constructor(private readonly d: ProfilesDeps) {}

  active(): Profile {
    const id = this.d.settings.getState(ACTIVE_KEY);
    const found = id && !this.d.store.remoteOf(id) ? this.d.store.profile(id) : null;
    if (found) return found;
    const first = this.d.store.profiles()[0] ?? this.insert(this.d.firstProfileName?.trim() || 'Me');
    this.d.settings.setState(ACTIVE_KEY, first.id);
    return first;
  }

  list(): { profiles: Profile[]; activeId: string } {
    const active = this.active();
    return { profiles: this.d.store.profiles(), activeId: active.id };
  }

  create(name: string): { profiles: Profile[]; activeId: string } {
    const clean = name.trim();
    if (this.d.store.profiles().some((p) => p.name.toLowerCase() === clean.toLowerCase()))
      throw new AppError('CONFLICT', `There is already a profile called "${clean}". Choose another name.`);
    const p = this.insert(clean);
    this.d.settings.setState(ACTIVE_KEY, p.id);
    this.d.onChanged();
    return this.list();
  }

  switch(id: string): { profiles: Profile[]; activeId: string } {
    // A stand-in for another studio's cameo owner is no one to switch to: it would own their cameo here.
    if (!this.d.store.profile(id) || this.d.store.remoteOf(id)) throw new AppError('NOT_FOUND', `No profile with id "${id}".`);
    this.d.settings.setState(ACTIVE_KEY, id);
    this.d.onChanged();
    return this.list();
  }

  private insert(name: string): Profile {
    const p = { id: this.d.newId('profile'), name, createdAt: this.d.clock() };
    this.d.store.insertProfile(p);
    return p;
  }
}
