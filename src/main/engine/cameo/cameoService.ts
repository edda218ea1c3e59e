import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { z } from 'zod';
import { CAMEO_KINDS, CAPTURE_LIMITS, type CameoKind, type LikenessGuard } from '../../../shared/cameos';
import { AppError } from '../../../shared/result';
import type { MediaProbe } from '../media/probe';
import { JobFailure } from '../queue/jobErrors';
import type { JobHandler } from '../queue/jobTypes';
import type { RenderQueue } from '../queue/renderQueue';
import { analyzeCapture, checkCaptureProbe, type CaptureTools } from './capture/analyzeCapture';
import { challengePhrase } from './capture/challenge';
import { cosineSimilarity } from './capture/faceModels';
import type { CameoRow, CameoStore } from './cameoStore';
import type { ConsentService } from './consentService';

/**
 * Above this similarity (cosine of faceres embeddings) a new cameo's face counts as another owner's
 * likeness. `npm run bench:likeness` measured one person's frames at 0.73 or more (heads turned up to
 * 25° apart) and two different men at 0.60 at most; the threshold sits between them.
 */
export const LIKENESS_GUARD_THRESHOLD = 0.67;

export const CapturePayloadSchema = z.object({
  /** The capture file: an upload in the studio's inbox (deleted afterwards) or a file on disk (left as it is). */
  source: z.string().min(1),
  deleteSource: z.boolean(),
  name: z.string().min(1).max(80),
  kind: z.enum(CAMEO_KINDS),
  phrase: z.string().nullable(),
  ownerId: z.string().min(1),
  recaptureOf: z.string().nullable().default(null),
});
export type CapturePayload = z.infer<typeof CapturePayloadSchema>;

export interface CameoServiceDeps {
  store: CameoStore;
  consent: ConsentService;
  enqueue: RenderQueue['enqueue'];
  mediaDir: string;
  inboxDir: string;
  newId: (prefix: string) => string;
  clock: () => string;
  probe: (file: string, signal?: AbortSignal) => Promise<MediaProbe>;
  tools: () => Promise<CaptureTools>;
}

interface CaptureInput {
  name: string;
  kind: CameoKind;
  challengePhrase: string | null;
  recaptureOf?: string | undefined;
}

/**
 * Captures: a recording or a file becomes a queue job that checks liveness and derives the
 * likeness and voice; only a capture that passes enters the library, all at once (its folder is
 * renamed into place and its row written last), so a failed or cancelled one leaves nothing.
 */
export class CameoService {
  constructor(private readonly d: CameoServiceDeps) {}

  challenge(): { phrase: string } {
    return { phrase: challengePhrase() };
  }

  /** A capture recorded in the app (or picked in a browser): its bytes. */
  async capture(i: CaptureInput & { base64: string; fileName: string }): Promise<{ jobId: string }> {
    const bytes = Buffer.from(i.base64, 'base64');
    if (bytes.length === 0)
      throw new AppError(
        'INVALID_FILE',
        'The recording is empty: nothing was captured. Check that the camera is allowed and on, then record again.',
      );
    if (bytes.length > CAPTURE_LIMITS.maxBytes)
      throw new AppError(
        'INVALID_INPUT',
        `The capture is ${Math.round(bytes.length / 2 ** 20)} MB; keep it under ${CAPTURE_LIMITS.maxBytes / 2 ** 20} MB (a short clip).`,
      );
    mkdirSync(this.d.inboxDir, { recursive: true });
    const ext = (extname(i.fileName)
      .toLowerCase()
      .match(/^\.[a-z0-9]{1,5}$/) ?? ['.webm'])[0];
    const file = join(this.d.inboxDir, `${this.d.newId('capture')}${ext}`);
    writeFileSync(file, bytes);
    try {
      return await this.enqueue(i, file, true);
    } catch (e) {
      rmSync(file, { force: true });
      throw e;
    }
  }

  /** A video file on disk (desktop app, CLI); the file itself is never changed. */
  async importFile(i: CaptureInput & { path: string }): Promise<{ jobId: string }> {
    if (!existsSync(i.path)) throw new AppError('NOT_FOUND', `${i.path} does not exist.`);
    if (statSync(i.path).size === 0) throw new AppError('INVALID_FILE', `${i.path} is empty.`);
    return this.enqueue(i, i.path, false);
  }

  private async enqueue(i: CaptureInput, file: string, deleteSource: boolean): Promise<{ jobId: string }> {
    const owner = this.d.consent.activeProfile();
    if (i.recaptureOf) {
      const c = this.d.store.cameo(i.recaptureOf);
      if (!c) throw new AppError('NOT_FOUND', `No cameo with id "${i.recaptureOf}" to re-capture.`);
      if (c.ownerId !== owner.id) throw new AppError('PERMISSION_DENIED', `Only the owner of cameo "${c.name}" can re-capture it.`);
      if (c.status === 'revoked') throw new AppError('CONFLICT', `Cameo "${c.name}" is revoked; capture a new cameo instead.`);
    }
    if (i.kind === 'person' && !i.challengePhrase?.trim())
      throw new AppError('INVALID_INPUT', 'A person capture needs the challenge phrase shown before recording. Start the capture again.');
    // Refuse what cannot be a capture before it waits in the queue.
    checkCaptureProbe(await this.d.probe(file), i.kind, deleteSource ? 'The recording' : file);
    const payload: CapturePayload = {
      source: file,
      deleteSource,
      name: i.name.trim(),
      kind: i.kind,
      phrase: i.kind === 'person' ? i.challengePhrase!.trim() : null,
      ownerId: owner.id,
      recaptureOf: i.recaptureOf ?? null,
    };
    const [job] = this.d.enqueue([
      {
        kind: 'cameo.capture',
        label: `${i.recaptureOf ? 'Re-capture' : 'Capture'} cameo "${payload.name}" (${i.kind})`,
        projectId: null,
        payload,
      },
    ]);
    return { jobId: job!.id };
  }

  handler(): JobHandler<CapturePayload> {
    return {
      kind: 'cameo.capture',
      lane: 'cpu',
      payload: CapturePayloadSchema,
      maxAttempts: 1,
      run: async (ctx) => {
        const p = ctx.payload;
        try {
          const outDir = join(ctx.tempDir, 'cameo');
          const result = await analyzeCapture({
            file: p.source,
            kind: p.kind,
            phrase: p.phrase,
            outDir,
            workDir: ctx.tempDir,
            tools: await this.d.tools(),
            signal: ctx.signal,
            onProgress: (f, m) => ctx.progress(f, m),
          });
          if (!result.liveness.passed) {
            throw new JobFailure(
              'LIVENESS_FAILED',
              `The liveness check did not pass, so nothing was added to the library. ${result.liveness.reasons.join(' ')}`,
              false,
              JSON.stringify(result.liveness),
            );
          }
          const cameoId = p.recaptureOf ?? this.d.newId('cameo');
          const dirName = `cameos/${cameoId}-${Date.now().toString(36)}`;
          copyFileSync(p.source, join(outDir, `capture${extname(p.source).toLowerCase() || '.webm'}`));
          const rel = (f: string) => `${dirName}/${f}`;
          const likeness = {
            dir: dirName,
            capture: rel(`capture${extname(p.source).toLowerCase() || '.webm'}`),
            challengePhrase: p.phrase,
            frames: result.frames.map((f) => ({
              ...f,
              image: rel(f.image),
              crop: rel(f.crop),
              cutout: rel(f.cutout),
              matte: rel(f.matte),
            })),
            voiceSamples: result.voiceSamples.map(rel),
            thumbnail: result.thumbnail ? rel(result.thumbnail) : null,
          };
          mkdirSync(join(this.d.mediaDir, 'cameos'), { recursive: true });
          renameSync(outDir, join(this.d.mediaDir, dirName));
          const guard = this.guard(result.embedding, p.ownerId, p.recaptureOf);
          const status = p.kind === 'person' ? 'verified' : 'not-verified';
          try {
            if (p.recaptureOf) {
              const old = this.d.store.cameo(p.recaptureOf);
              if (!old) throw new JobFailure('NOT_FOUND', 'The cameo was deleted while it was being re-captured.', false);
              this.d.store.replaceCapture(p.recaptureOf, {
                status,
                liveness: result.liveness,
                likeness,
                voice: result.voice,
                embedding: result.embedding,
                guard,
              });
              rmSync(join(this.d.mediaDir, old.likeness.dir), { recursive: true, force: true });
            } else {
              const row: CameoRow = {
                id: cameoId,
                ownerId: p.ownerId,
                name: p.name,
                kind: p.kind,
                status,
                policy: 'only-me',
                createdAt: this.d.clock(),
                revokedAt: null,
                liveness: result.liveness,
                likeness,
                voice: result.voice,
                embedding: result.embedding,
                guard,
              };
              this.d.store.insertCameo(row);
            }
          } catch (e) {
            rmSync(join(this.d.mediaDir, dirName), { recursive: true, force: true });
            throw e;
          }
          if (guard.state === 'pending' && guard.matchedOwnerId) {
            this.d.store.notify({
              profileId: guard.matchedOwnerId,
              kind: 'guard',
              message: `A new cameo "${p.name}" resembles your cameo (likeness ${Math.round((guard.similarity ?? 0) * 100)} %). It cannot be used until you approve it.`,
              cameoId,
              at: this.d.clock(),
            });
          }
          this.d.consent.changed();
          return { cameoId, liveness: result.liveness, guard: guard.state };
        } finally {
          if (p.deleteSource) rmSync(p.source, { force: true });
        }
      },
    };
  }

  /** Compares a new face with every other owner's cameos: a close match needs that owner's approval. */
  private guard(embedding: Float32Array | null, ownerId: string, self: string | null): LikenessGuard {
    const clear: LikenessGuard = { state: 'clear', matchedCameoId: null, matchedOwnerId: null, matchedOwnerName: null, similarity: null };
    if (!embedding) return clear;
    let best: { c: CameoRow; s: number } | null = null;
    for (const c of this.d.store.cameos()) {
      if (c.id === self || c.ownerId === ownerId || !c.embedding || c.embedding.length !== embedding.length) continue;
      const s = cosineSimilarity(embedding, c.embedding);
      if (!best || s > best.s) best = { c, s };
    }
    if (!best || best.s < LIKENESS_GUARD_THRESHOLD) return clear;
    return {
      state: 'pending',
      matchedCameoId: best.c.id,
      matchedOwnerId: best.c.ownerId,
      matchedOwnerName: this.d.store.profile(best.c.ownerId)?.name ?? null,
      similarity: Math.round(best.s * 1000) / 1000,
    };
  }
}
