import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { CAMEO_KINDS, CameoFrameSchema, LivenessSchema, VoiceProfileSchema, type CameoDetail } from '../../../shared/cameos';
import { AppError } from '../../../shared/result';
import { asAppError, feedCall, type FeedAccount } from '../feed/feedClient';
import { readGrant } from '../feed/grantToken';
import type { CameoRow, CameoStore, FeedGrantRow } from './cameoStore';
import type { ConsentService } from './consentService';

/** A shared cameo file: what another studio needs to show the cameo, never the raw capture or voice samples. */
const SharedFileSchema = z.object({
  format: z.literal('shotline-cameo'),
  version: z.literal(1),
  name: z.string().min(1).max(200),
  kind: z.enum(CAMEO_KINDS),
  owner: z.string().min(1),
  feed: z.object({ url: z.string().url(), cameoId: z.string().regex(/^[0-9a-f-]{36}$/) }),
  liveness: LivenessSchema,
  voice: VoiceProfileSchema.nullable(),
  frames: z
    .array(
      z.object({
        meta: CameoFrameSchema.pick({ yaw: true, face: true, mouth: true }),
        cutout: z.string().min(1),
        matte: z.string().min(1),
      }),
    )
    .min(1)
    .max(32),
});
type SharedFile = z.infer<typeof SharedFileSchema>;

/** A shared cameo file larger than this is refused before it is parsed. */
const MAX_SHARED_BYTES = 64 * 2 ** 20;

export interface CameoShareDeps {
  store: CameoStore;
  consent: ConsentService;
  account: () => FeedAccount | null;
  mediaDir: string;
  exportsDir: string;
  newId: (prefix: string) => string;
  clock: () => string;
}

interface FeedGrantView {
  id: string;
  cameoId: string;
  expiresAt: string;
  revoked: boolean;
  grant?: string;
}

/**
 * Cameos across studios, with the feed as the place consent is decided. The owner shares a cameo
 * file (cut-outs and mattes, voice profile, liveness scores; never the capture) of a cameo whose
 * policy is published; another studio imports it, asks the feed for permission, and keeps the
 * signed, expiring grant the owner gives. The grant is verified with the feed's key before it is
 * stored, and sync brings revocations back: render, export and upload are refused without a valid one.
 */
export class CameoShareService {
  constructor(private readonly d: CameoShareDeps) {}

  /** Writes the shared cameo file of an own, published cameo (exports folder by default). */
  exportShared(i: { cameoId: string; path?: string | undefined }): { path: string } {
    const c = this.d.store.cameo(i.cameoId);
    if (!c) throw new AppError('NOT_FOUND', `No cameo with id "${i.cameoId}" in this library.`);
    if (c.ownerId !== this.d.consent.activeProfile().id)
      throw new AppError('PERMISSION_DENIED', `Only the owner of cameo "${c.name}" can share it.`);
    if (c.status === 'revoked') throw new AppError('CONFLICT', `Cameo "${c.name}" is revoked; it cannot be shared.`);
    const a = this.d.account();
    const published = this.d.store.feed(c.id);
    if (!a || !published || published.url !== a.url)
      throw new AppError(
        'CONFLICT',
        `Publish cameo "${c.name}"'s permissions to your feed first (Cameos → ${c.name} → Publish to feed): the people you share it with ask the feed for permission.`,
      );
    const file: SharedFile = {
      format: 'shotline-cameo',
      version: 1,
      name: c.name,
      kind: c.kind,
      owner: a.name,
      feed: published,
      liveness: c.liveness,
      voice: c.voice,
      frames: c.likeness.frames.slice(0, 32).map((f) => ({
        meta: { yaw: f.yaw, face: f.face, mouth: f.mouth },
        cutout: readFileSync(join(this.d.mediaDir, f.cutout)).toString('base64'),
        matte: readFileSync(join(this.d.mediaDir, f.matte)).toString('base64'),
      })),
    };
    const out = i.path ?? join(this.d.exportsDir, `${c.name.replace(/[^\p{L}\p{N} _-]+/gu, '_')}.shotcameo`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(`${out}.part`, JSON.stringify(file));
    renameSync(`${out}.part`, out);
    return { path: out };
  }

  /**
   * Adds a cameo shared from another studio. It belongs to its owner on the feed (shown as such,
   * never a profile here) and may be used only with the owner's grant from that feed.
   */
  async importShared(i: { path: string }): Promise<CameoDetail> {
    let size: number;
    try {
      size = statSync(i.path).size;
    } catch {
      throw new AppError('NOT_FOUND', `${i.path} does not exist.`);
    }
    if (size > MAX_SHARED_BYTES) throw new AppError('INVALID_INPUT', `${basename(i.path)} is too large for a shared cameo file.`);
    return this.importSharedText({ text: readFileSync(i.path, 'utf8'), fileName: basename(i.path) });
  }

  /** The same, from the file's text. */
  async importSharedText(i: { text: string; fileName?: string }): Promise<CameoDetail> {
    const a = this.requireAccount();
    const what = i.fileName ?? 'The file';
    let file: SharedFile;
    try {
      const parsed = SharedFileSchema.safeParse(JSON.parse(i.text));
      if (!parsed.success) throw new Error(parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '));
      file = parsed.data;
    } catch (e) {
      throw new AppError('INVALID_FILE', `${what} is not a shared Shotline cameo (${(e as Error).message}).`);
    }
    if (file.feed.url !== a.url)
      throw new AppError(
        'CONFLICT',
        `Cameo "${file.name}" is shared through the feed ${file.feed.url}; sign in to that feed to import it (you are signed in to ${a.url}).`,
      );
    const existing = this.d.store.cameos().find((c) => this.d.store.feed(c.id)?.cameoId === file.feed.cameoId);
    if (existing) throw new AppError('CONFLICT', `Cameo "${existing.name}" is already in this library.`);
    let onFeed: { name: string; owner: string; policy: CameoRow['policy']; revoked: boolean };
    try {
      onFeed = await feedCall(a.url, a.token, 'GET', `/api/cameos/${file.feed.cameoId}`);
    } catch (e) {
      throw asAppError(e);
    }
    if (onFeed.owner === a.name)
      throw new AppError('CONFLICT', `Cameo "${onFeed.name}" is your own on this feed; it is in your own studio.`);
    if (onFeed.revoked) throw new AppError('PERMISSION_DENIED', `Cameo "${onFeed.name}" was revoked by its owner ${onFeed.owner}.`);

    const id = this.d.newId('cameo');
    const dirName = `cameos/${id}-${Date.now().toString(36)}`;
    const dir = join(this.d.mediaDir, dirName);
    const frames = file.frames.map((f, n) => ({
      image: `${dirName}/cutout-${n}.png`,
      crop: `${dirName}/cutout-${n}.png`,
      cutout: `${dirName}/cutout-${n}.png`,
      matte: `${dirName}/matte-${n}.png`,
      ...f.meta,
    }));
    try {
      mkdirSync(dir, { recursive: true });
      file.frames.forEach((f, n) => {
        writeFileSync(join(dir, `cutout-${n}.png`), Buffer.from(f.cutout, 'base64'));
        writeFileSync(join(dir, `matte-${n}.png`), Buffer.from(f.matte, 'base64'));
      });
      this.d.store.transaction(() => {
        const owner = this.d.store.remoteProfile(a.url, onFeed.owner, () => ({
          id: this.d.newId('profile'),
          name: `${onFeed.owner} (${new URL(a.url).host})`,
          createdAt: this.d.clock(),
        }));
        this.d.store.insertCameo({
          id,
          ownerId: owner.id,
          name: onFeed.name,
          kind: file.kind,
          status: file.kind === 'person' ? 'verified' : 'not-verified',
          policy: onFeed.policy,
          createdAt: this.d.clock(),
          revokedAt: null,
          liveness: file.liveness,
          likeness: { dir: dirName, capture: '', challengePhrase: null, frames, voiceSamples: [], thumbnail: frames[0]!.cutout },
          voice: file.voice,
          embedding: null,
          guard: { state: 'clear', matchedCameoId: null, matchedOwnerId: null, matchedOwnerName: null, similarity: null },
        });
        this.d.store.setFeed(id, file.feed);
        this.put(id, a.url, { state: 'none' });
      });
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    this.d.consent.changed();
    return this.d.consent.detail(id);
  }

  /** Asks the owner, through the feed, for permission to use a shared cameo. */
  async requestGrant(i: { cameoId: string }): Promise<CameoDetail> {
    const { a, c, feedCameoId } = this.shared(i.cameoId);
    try {
      const r = await feedCall<{ grant?: string; requested?: boolean }>(a.url, a.token, 'POST', `/api/cameos/${feedCameoId}/requests`);
      if (r.grant) this.keepGrant(c.id, a, r.grant);
      else this.put(c.id, a.url, { state: 'pending' });
    } catch (e) {
      const err = asAppError(e);
      if (err.code === 'PERMISSION_DENIED') this.put(c.id, a.url, { state: 'refused' });
      this.d.consent.changed();
      throw err;
    }
    this.d.consent.changed();
    return this.d.consent.detail(c.id);
  }

  /**
   * Brings the grants of shared cameos up to date with the feed: new grants are verified and
   * kept; a revoked grant or a revoked cameo marks what was made with it. Quiet when offline.
   */
  async sync(): Promise<void> {
    const a = this.d.account();
    if (!a) return;
    const shared = this.d.store.cameos().filter((c) => this.d.store.remoteOf(c.ownerId) && this.d.store.feed(c.id)?.url === a.url);
    if (!shared.length) return;
    const { grants } = await feedCall<{ grants: FeedGrantView[] }>(a.url, a.token, 'GET', '/api/grants');
    for (const c of shared) {
      const feedCameoId = this.d.store.feed(c.id)!.cameoId;
      const onFeed = await feedCall<{ policy: CameoRow['policy']; revoked: boolean }>(a.url, a.token, 'GET', `/api/cameos/${feedCameoId}`);
      if (onFeed.revoked && c.status !== 'revoked') {
        this.d.consent.revokedElsewhere(c.id, 'cameo');
        continue;
      }
      if (onFeed.policy !== c.policy) this.d.store.updateCameo(c.id, { policy: onFeed.policy });
      const mine = grants.filter((g) => g.cameoId === feedCameoId).sort((x, y) => y.expiresAt.localeCompare(x.expiresAt));
      const live = mine.find((g) => !g.revoked && g.grant);
      const held = this.d.store.feedGrant(c.id);
      if (live?.grant && live.id !== held?.grantId) this.keepGrant(c.id, a, live.grant);
      else if (held?.state === 'granted' && held.grantId && mine.find((g) => g.id === held.grantId)?.revoked) {
        this.put(c.id, a.url, { ...held, state: 'revoked' });
        this.d.consent.revokedElsewhere(c.id, 'grant');
      }
    }
    this.d.consent.changed();
  }

  private keepGrant(cameoId: string, a: FeedAccount, token: string): void {
    if (!a.publicKey) throw new AppError('CONFLICT', 'Sign in to the feed again: this studio does not know its signing key yet.');
    const claims = readGrant(token, a.publicKey);
    if ('error' in claims) throw new AppError('PERMISSION_DENIED', `The feed's grant was refused: ${claims.error}.`);
    if (claims.cameoId !== this.d.store.feed(cameoId)?.cameoId)
      throw new AppError('PERMISSION_DENIED', `The feed's grant is for another cameo ("${claims.cameoName}").`);
    this.put(cameoId, a.url, { state: 'granted', token, grantId: claims.grantId, expiresAt: claims.expiresAt });
  }

  private put(cameoId: string, feedUrl: string, g: Partial<FeedGrantRow> & Pick<FeedGrantRow, 'state'>): void {
    this.d.store.putFeedGrant({
      cameoId,
      feedUrl,
      token: null,
      grantId: null,
      expiresAt: null,
      ...g,
      state: g.state,
      updatedAt: this.d.clock(),
    });
  }

  private shared(cameoId: string): { a: FeedAccount; c: CameoRow; feedCameoId: string } {
    const a = this.requireAccount();
    const c = this.d.store.cameo(cameoId);
    if (!c) throw new AppError('NOT_FOUND', `No cameo with id "${cameoId}" in this library.`);
    const feed = this.d.store.feed(cameoId);
    if (!this.d.store.remoteOf(c.ownerId) || !feed)
      throw new AppError('CONFLICT', `Cameo "${c.name}" was not shared from another studio; its owner decides here.`);
    if (feed.url !== a.url) throw new AppError('CONFLICT', `Cameo "${c.name}" belongs to the feed ${feed.url}; sign in to it first.`);
    return { a, c, feedCameoId: feed.cameoId };
  }

  private requireAccount(): FeedAccount {
    const a = this.d.account();
    if (!a) throw new AppError('UNAUTHORIZED', 'Sign in to a feed first (Feed panel: the feed’s URL and your API token).');
    return a;
  }
}
