import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveContinuity, type Project } from '../../../shared/domain';
import { AppError } from '../../../shared/result';
import type { EventBus } from '../events';
import type { ProjectService } from '../projects/projectService';
import type { JobRecord } from '../queue/jobStore';
import type { EnqueueSpec } from '../queue/jobTypes';
import { ConsentService } from '../cameo/consentService';
import type { CameoStore } from '../cameo/cameoStore';
import type { Logger } from '../logger';
import { asAppError, feedCall, type FeedAccount, type FeedPost } from './feedClient';
import type { UploadPayload } from './uploadJob';

const ACCOUNT_KEY = 'feed.account';

/** Who asked to use a published cameo on the feed, and the grants its owner gave. */
export interface FeedCameoRequests {
  requests: { account: string; state: string; at: string }[];
  grants: { id: string; account: string; expiresAt: string; revoked: boolean }[];
}

export interface FeedServiceDeps {
  cameos: CameoStore;
  log: Logger;
  settings: { getState(key: string): string | null; setState(key: string, value: string): void };
  projects: ProjectService;
  load: (projectId: string) => Project;
  enqueue: (specs: readonly EnqueueSpec[]) => JobRecord[];
  consent: ConsentService;
  events: EventBus;
  mediaDir: string;
  exportsDir: string;
  /** Brings the grants of cameos shared from other studios up to date (part of every sync). */
  syncShared?: () => Promise<void>;
}

/**
 * The studio's side of a cloud feed: sign in with a URL and an API token (nothing is uploaded
 * unless the user asks), upload an export through the queue, browse with a natural-language
 * filter, and remix a post into a new project. Thumbnails and previews are fetched into the
 * library's cache so the renderer shows them like any other media.
 */
export class FeedService {
  constructor(private readonly d: FeedServiceDeps) {}

  account(): FeedAccount | null {
    const raw = this.d.settings.getState(ACCOUNT_KEY);
    return raw ? (JSON.parse(raw) as FeedAccount | null) : null;
  }

  status(): { signedIn: boolean; url: string | null; name: string | null } {
    const a = this.account();
    return { signedIn: !!a, url: a?.url ?? null, name: a?.name ?? null };
  }

  async signIn(i: { url: string; token: string }): Promise<{ signedIn: boolean; url: string | null; name: string | null }> {
    const url = i.url.trim().replace(/\/+$/, '');
    let me: { id: string; name: string };
    let health: { publicKey?: string };
    try {
      me = await feedCall<{ id: string; name: string }>(url, i.token.trim(), 'GET', '/api/me');
      health = await feedCall<{ publicKey?: string }>(url, null, 'GET', '/api/health');
    } catch (e) {
      throw asAppError(e);
    }
    const account: FeedAccount = { url, token: i.token.trim(), accountId: me.id, name: me.name };
    if (health.publicKey) account.publicKey = health.publicKey;
    this.d.settings.setState(ACCOUNT_KEY, JSON.stringify(account));
    return this.status();
  }

  signOut(): { signedIn: boolean; url: string | null; name: string | null } {
    this.d.settings.setState(ACCOUNT_KEY, 'null');
    return this.status();
  }

  /** Queues the upload of an export of a project (cameo consent is checked when the job runs, too). */
  upload(i: { projectId: string; path: string }): { jobId: string } {
    const a = this.requireAccount();
    const path = resolve(i.path);
    if (!existsSync(path)) throw new AppError('NOT_FOUND', `${path} does not exist; export the project first.`);
    if (!path.toLowerCase().endsWith('.mp4')) throw new AppError('INVALID_INPUT', 'Only exported MP4 files can be uploaded.');
    const project = this.d.load(i.projectId);
    // Refused here already when a cameo in it may not go out; the job checks again when it runs.
    this.d.consent.assertOutputUsable(path, 'upload');
    // A cameo goes out only as its owner's published cameo (the feed checks the uploader owns it).
    const me = this.d.consent.activeProfile();
    const cameos = ConsentService.cameosIn(project).map((id) => {
      const c = this.d.cameos.cameo(id);
      const published = this.d.cameos.feed(id);
      if (!c)
        throw new AppError(
          'NOT_FOUND',
          `A character is bound to cameo "${id}", which is no longer in the library. Unbind it and export again.`,
        );
      if (c.ownerId !== me.id) {
        // A cameo shared from another studio goes out with its owner's grant from this feed.
        const g = this.d.cameos.feedGrant(id);
        if (this.d.cameos.remoteOf(c.ownerId) && published?.url === a.url && g?.state === 'granted' && g.token)
          return { cameoId: published.cameoId, grant: g.token };
        throw new AppError(
          'PERMISSION_DENIED',
          `This export shows cameo "${c.name}", which belongs to ${this.d.cameos.profile(c.ownerId)?.name ?? 'someone else'}. Videos with it go to a feed only with its owner's grant there: the owner publishes it and shares it with you, you import it and request use on the feed.`,
        );
      }
      if (!published || published.url !== a.url)
        throw new AppError(
          'PERMISSION_DENIED',
          `Publish cameo "${c.name}"'s permissions to ${a.url} first (Cameos panel → Publish to feed), then upload.`,
        );
      return { cameoId: published.cameoId, grant: null };
    });
    const styles = [...new Set(resolveContinuity(project).map((c) => c.style))];
    const payload: UploadPayload = {
      path,
      projectId: project.id,
      feedUrl: a.url,
      title: project.name,
      prompt: project.shots
        .map((s) => s.prompt)
        .filter(Boolean)
        .join('\n'),
      styles,
      tags: [...new Set(project.continuity.locations.map((l) => l.name.toLowerCase()))],
      engines: [...new Set(project.shots.map((s) => s.engine))],
      hasDialogue: project.shots.some((s) => s.dialogue.some((l) => l.text.trim())),
      remixOf: project.remixOf && project.remixOf.url.startsWith(a.url) ? project.remixOf.postId : null,
      cameos,
      profileId: me.id,
    };
    const [job] = this.d.enqueue([
      { kind: 'feed.upload', label: `Upload "${project.name}" to ${new URL(a.url).host}`, projectId: project.id, payload },
    ]);
    return { jobId: job!.id };
  }

  /** Publishes a cameo's permission policy (its name and who may use it; never the capture) to the feed. */
  async publishCameo(cameoId: string): Promise<void> {
    const a = this.requireAccount();
    const c = this.d.cameos.cameo(cameoId);
    if (!c) throw new AppError('NOT_FOUND', `No cameo with id "${cameoId}".`);
    if (c.ownerId !== this.d.consent.activeProfile().id)
      throw new AppError('PERMISSION_DENIED', `Only the owner of cameo "${c.name}" can publish its permissions.`);
    if (c.status === 'revoked') throw new AppError('CONFLICT', `Cameo "${c.name}" is revoked; there is nothing to publish.`);
    const known = this.d.cameos.feed(cameoId);
    try {
      const r = await feedCall<{ cameoId: string }>(a.url, a.token, 'POST', '/api/cameos', {
        name: c.name,
        policy: c.policy,
        ...(known && known.url === a.url ? { cameoId: known.cameoId } : {}),
      });
      this.d.cameos.setFeed(cameoId, { url: a.url, cameoId: r.cameoId });
    } catch (e) {
      throw asAppError(e);
    }
    this.d.consent.changed();
  }

  /**
   * Brings a published cameo's policy on the feed up to date after a change here; a revocation
   * revokes it there too (the feed hides posts that show it). Best effort: a feed that cannot be
   * reached is logged, and the change is sent again with the next publish.
   */
  async syncCameo(cameoId: string): Promise<void> {
    const a = this.account();
    const published = this.d.cameos.feed(cameoId);
    const c = this.d.cameos.cameo(cameoId);
    if (!a || !published || !c || published.url !== a.url) return;
    try {
      if (c.status === 'revoked') await feedCall(a.url, a.token, 'POST', `/api/cameos/${published.cameoId}/revoke`);
      else await feedCall(a.url, a.token, 'POST', '/api/cameos', { name: c.name, policy: c.policy, cameoId: published.cameoId });
    } catch (e) {
      this.d.log.warn('could not update a published cameo on its feed', { cameoId, message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** The owner's view of who asked to use a published cameo on the feed, and the grants given. */
  async cameoRequests(cameoId: string): Promise<FeedCameoRequests> {
    const { a, feedCameoId } = this.ownPublished(cameoId);
    try {
      return await feedCall<FeedCameoRequests>(a.url, a.token, 'GET', `/api/cameos/${feedCameoId}/requests`);
    } catch (e) {
      throw asAppError(e);
    }
  }

  /** The owner lets an account of the feed use a published cameo (a signed grant that expires). */
  async grantCameo(cameoId: string, account: string): Promise<FeedCameoRequests> {
    const { a, feedCameoId } = this.ownPublished(cameoId);
    try {
      await feedCall(a.url, a.token, 'POST', `/api/cameos/${feedCameoId}/grants`, { account });
    } catch (e) {
      throw asAppError(e);
    }
    return this.cameoRequests(cameoId);
  }

  /** The owner takes a grant back: the feed hides posts made with it, and the grantee's studio learns it at its next sync. */
  async revokeCameoGrant(cameoId: string, grantId: string): Promise<FeedCameoRequests> {
    const { a } = this.ownPublished(cameoId);
    try {
      await feedCall(a.url, a.token, 'DELETE', `/api/grants/${encodeURIComponent(grantId)}`);
    } catch (e) {
      throw asAppError(e);
    }
    return this.cameoRequests(cameoId);
  }

  private ownPublished(cameoId: string): { a: FeedAccount; feedCameoId: string } {
    const a = this.requireAccount();
    const c = this.d.cameos.cameo(cameoId);
    if (!c) throw new AppError('NOT_FOUND', `No cameo with id "${cameoId}".`);
    if (c.ownerId !== this.d.consent.activeProfile().id)
      throw new AppError('PERMISSION_DENIED', `Only the owner of cameo "${c.name}" decides who may use it.`);
    const published = this.d.cameos.feed(cameoId);
    if (!published || published.url !== a.url)
      throw new AppError('CONFLICT', `Cameo "${c.name}" is not published to ${a.url}; publish it first.`);
    return { a, feedCameoId: published.cameoId };
  }

  /** Takes a post down: the creator's own, or one that shows a cameo this profile owns and published. */
  async takedown(i: { postId: string }): Promise<{ deleted: string }> {
    const a = this.requireAccount();
    try {
      return await feedCall<{ deleted: string }>(a.url, a.token, 'DELETE', `/api/posts/${encodeURIComponent(i.postId)}`);
    } catch (e) {
      throw asAppError(e);
    }
  }

  async list(i: {
    q?: string | undefined;
  }): Promise<{ interpretation: string; posts: (FeedPost & { thumbPath: string | null; canTakeDown: boolean })[] }> {
    const a = this.requireAccount();
    try {
      const r = await feedCall<{ interpretation: string; posts: FeedPost[] }>(
        a.url,
        a.token,
        'GET',
        `/api/posts?q=${encodeURIComponent(i.q ?? '')}`,
      );
      const me = this.d.consent.activeProfile().id;
      const myCameos = new Set(
        this.d.cameos
          .cameos()
          .filter((c) => c.ownerId === me)
          .flatMap((c) => {
            const f = this.d.cameos.feed(c.id);
            return f && f.url === a.url ? [f.cameoId] : [];
          }),
      );
      const posts = await Promise.all(
        r.posts.map(async (p) => ({
          ...p,
          canTakeDown: p.mine || p.cameos.some((c) => myCameos.has(c)),
          thumbPath: await this.cache(a, p.id, 'thumb', 'jpg').catch(() => null),
        })),
      );
      return { interpretation: r.interpretation, posts };
    } catch (e) {
      throw asAppError(e);
    }
  }

  async follow(i: { name: string }): Promise<{ following: string }> {
    const a = this.requireAccount();
    try {
      return await feedCall<{ following: string }>(a.url, a.token, 'POST', '/api/follows', { name: i.name });
    } catch (e) {
      throw asAppError(e);
    }
  }

  /** The post's video, fetched into the library's cache for playback. */
  async preview(i: { postId: string }): Promise<{ path: string }> {
    const a = this.requireAccount();
    try {
      return { path: await this.cache(a, i.postId, 'video', 'mp4') };
    } catch (e) {
      throw asAppError(e);
    }
  }

  /** A new project from a post's storyboard, marked as a remix with a link to the original. */
  async remix(i: { postId: string }): Promise<{ projectId: string; name: string }> {
    const a = this.requireAccount();
    let post: FeedPost;
    let text: string;
    try {
      post = await feedCall<FeedPost>(a.url, a.token, 'GET', `/api/posts/${encodeURIComponent(i.postId)}`);
      const res = await fetch(new URL(post.storyboard, a.url), { headers: { authorization: `Bearer ${a.token}` } });
      if (!res.ok) throw new AppError('NOT_FOUND', `The storyboard of "${post.title}" could not be fetched (${res.status}).`);
      text = await res.text();
    } catch (e) {
      throw asAppError(e);
    }
    const { project } = this.d.projects.importDocument({ text, fileName: `${post.title}.shotline` });
    const remixed = this.d.projects.markRemix(project.id, {
      postId: post.id,
      url: `${a.url}/api/posts/${post.id}`,
      title: `${post.title} by ${post.creator.name}`,
    });
    return { projectId: remixed.id, name: remixed.name };
  }

  /**
   * The feed's notifications for this account (cameo requests and uses, grants, takedowns). New
   * ones are also copied into the active profile's notifications, so the studio shows them even
   * with the Feed panel closed; the studio syncs on start and every few minutes while signed in.
   */
  async notifications(): Promise<{ items: { id: number; kind: string; message: string; at: string }[] }> {
    const a = this.requireAccount();
    let r: { items: { id: number; kind: string; message: string; at: string }[] };
    try {
      r = await feedCall(a.url, a.token, 'GET', '/api/notifications');
    } catch (e) {
      throw asAppError(e);
    }
    const seenKey = `feed.notes.seen.${a.url}.${a.accountId}`;
    const seen = Number(this.d.settings.getState(seenKey) ?? 0);
    const fresh = r.items.filter((n) => n.id > seen);
    if (fresh.length) {
      const me = this.d.consent.activeProfile().id;
      const kind = (k: string) =>
        k === 'takedown' || k === 'cameo-revoked'
          ? 'revoked'
          : k === 'cameo-request'
            ? 'request'
            : k === 'cameo-grant'
              ? 'decision'
              : 'use';
      for (const n of fresh)
        this.d.cameos.notify({ profileId: me, kind: kind(n.kind), message: `Feed: ${n.message}`, cameoId: null, at: n.at });
      this.d.settings.setState(seenKey, String(Math.max(...fresh.map((n) => n.id))));
      this.d.consent.changed();
    }
    return r;
  }

  /** Fetches the notifications and brings the grants of shared cameos up to date; errors say what failed. */
  async syncNow(): Promise<{ items: { id: number; kind: string; message: string; at: string }[] }> {
    const r = await this.notifications();
    try {
      await this.d.syncShared?.();
    } catch (e) {
      throw asAppError(e);
    }
    return r;
  }

  /** The same, quietly (the timer's sync: a feed that cannot be reached is tried again next time). */
  async sync(): Promise<void> {
    if (!this.account()) return;
    await this.syncNow().catch((e: unknown) =>
      this.d.log.debug('feed sync failed', { message: e instanceof Error ? e.message : String(e) }),
    );
  }

  private async cache(a: FeedAccount, postId: string, what: 'thumb' | 'video', ext: string): Promise<string> {
    if (!/^[0-9a-f-]{36}$/.test(postId)) throw new AppError('INVALID_INPUT', 'Not a post id.');
    const rel = `feed/${postId}.${what}.${ext}`;
    const file = join(this.d.mediaDir, rel);
    if (!existsSync(file)) {
      const res = await fetch(new URL(`/api/posts/${postId}/${what}`, a.url), { headers: { authorization: `Bearer ${a.token}` } });
      if (!res.ok) throw new AppError('NOT_FOUND', `The feed has no ${what} for this post (${res.status}).`);
      mkdirSync(join(this.d.mediaDir, 'feed'), { recursive: true });
      writeFileSync(`${file}.part`, Buffer.from(await res.arrayBuffer()));
      renameSync(`${file}.part`, file);
    }
    return `media/${rel}`;
  }

  private requireAccount(): FeedAccount {
    const a = this.account();
    if (!a) throw new AppError('UNAUTHORIZED', 'Sign in to a feed first (Feed panel: the feed’s URL and your API token).');
    return a;
  }
}
