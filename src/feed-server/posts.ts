import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../shared/domain/document';
import type { FeedContext } from './context';
import { readGrant } from './grants';
import { HttpError, now, sha256File, thumbnail } from './http';
import type { AccountRow, CameoRow, PostRow } from './store';
import { checkUpload } from './validate';

/** Draft metadata: everything about a post but its video. */
export interface DraftMeta {
  title: string;
  prompt: string;
  styles: string[];
  tags: string[];
  engines: string[];
  hasDialogue: boolean;
  remixOf: string | null;
  storyboard: string;
  cameos: { cameoId: string; grant: string | null }[];
}

/** Posts: their public view, drafts announced before upload, publishing a checked upload, takedown. */
export function feedPosts(
  ctx: FeedContext,
  cameoProblem: (c: { cameoId: string; grant: string | null }, uploader: AccountRow) => string | null,
) {
  const { db, key, config, tools, mediaDir, notify } = ctx;
  const postView = (p: PostRow, viewer: AccountRow | null) => {
    const creator = db.prepare('SELECT id, name FROM accounts WHERE id = ?').get(p.account_id) as { id: string; name: string };
    return {
      id: p.id,
      title: p.title,
      prompt: p.prompt,
      styles: JSON.parse(p.styles) as string[],
      tags: JSON.parse(p.tags) as string[],
      engines: JSON.parse(p.engines) as string[],
      hasDialogue: p.has_dialogue === 1,
      remixOf: p.remix_of,
      creator,
      mine: viewer?.id === p.account_id,
      sha256: p.sha256,
      bytes: p.bytes,
      credentials: JSON.parse(p.manifest_json) as object,
      createdAt: p.created_at,
      cameos: (db.prepare('SELECT cameo_id FROM post_cameos WHERE post_id = ?').all(p.id) as { cameo_id: string }[]).map((r) => r.cameo_id),
      video: `/api/posts/${p.id}/video`,
      thumbnail: `/api/posts/${p.id}/thumb`,
      storyboard: `/api/posts/${p.id}/storyboard`,
    };
  };

  const publish = async (draftId: string, file: string, uploader: AccountRow): Promise<string> => {
    const draft = db.prepare('SELECT * FROM drafts WHERE id = ?').get(draftId) as
      { id: string; account_id: string; sha256: string; bytes: number; meta_json: string } | undefined;
    if (!draft) throw new HttpError(404, 'This upload has no post waiting for it (it was published or discarded).');
    const sha = await sha256File(file);
    if (sha !== draft.sha256)
      throw new HttpError(422, 'The uploaded file is not the one announced (its sha256 differs); nothing was posted.');
    const check = await checkUpload(file, tools.ffprobe);
    if (!check.ok) throw new HttpError(422, `Refused: ${check.reason}. Nothing was posted.`, 'invalid_video');
    const meta = JSON.parse(draft.meta_json) as DraftMeta;
    // The original may have gone while the video was uploading.
    const gone = meta.remixOf ? remixProblem(meta.remixOf) : null;
    if (gone) throw new HttpError(422, `Refused: ${gone}. Nothing was posted.`, 'remix_of_gone');
    for (const c of meta.cameos) {
      const problem = cameoProblem(c, uploader);
      if (problem) throw new HttpError(403, `Refused: ${problem}. Nothing was posted.`, 'cameo_not_allowed');
    }
    const postId = randomUUID();
    const dir = join(mediaDir, postId);
    mkdirSync(dir, { recursive: true });
    try {
      renameSync(file, join(dir, 'video.mp4'));
      writeFileSync(join(dir, 'storyboard.shotline'), meta.storyboard);
      await thumbnail(tools.ffmpeg, join(dir, 'video.mp4'), join(dir, 'thumb.jpg'));
      db.transaction(() => {
        db.prepare(
          `INSERT INTO posts (id, account_id, sha256, bytes, title, prompt, styles, tags, engines, has_dialogue, remix_of, manifest_json, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          postId,
          uploader.id,
          sha,
          draft.bytes,
          meta.title,
          meta.prompt,
          JSON.stringify(meta.styles),
          JSON.stringify(meta.tags),
          JSON.stringify(check.engines),
          meta.hasDialogue ? 1 : 0,
          meta.remixOf,
          JSON.stringify(check.manifest),
          now(),
        );
        for (const c of meta.cameos) {
          const claims = c.grant ? readGrant(c.grant, key.publicKey) : null;
          db.prepare('INSERT INTO post_cameos (post_id, cameo_id, grant_id) VALUES (?, ?, ?)').run(
            postId,
            c.cameoId,
            claims && !('error' in claims) ? claims.grantId : null,
          );
          const cameo = db.prepare('SELECT * FROM cameos WHERE id = ?').get(c.cameoId) as CameoRow;
          if (cameo.owner_id !== uploader.id)
            notify(cameo.owner_id, 'cameo-use', `${uploader.name} posted "${meta.title}" with your cameo "${cameo.name}".`);
        }
        db.prepare('DELETE FROM drafts WHERE id = ?').run(draftId);
      })();
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return postId;
  };

  const takedown = (p: PostRow, me: AccountRow) => {
    const cameoOwner = (
      db.prepare('SELECT c.owner_id FROM post_cameos pc JOIN cameos c ON c.id = pc.cameo_id WHERE pc.post_id = ?').all(p.id) as {
        owner_id: string;
      }[]
    ).some((r) => r.owner_id === me.id);
    if (p.account_id !== me.id && !cameoOwner)
      throw new HttpError(403, 'Only the creator of a post, or the owner of a cameo in it, can take it down.');
    db.prepare('UPDATE posts SET deleted_at = ? WHERE id = ?').run(now(), p.id);
    rmSync(join(mediaDir, p.id), { recursive: true, force: true });
    if (p.account_id !== me.id) notify(p.account_id, 'takedown', `${me.name} took down your post "${p.title}": it showed their cameo.`);
    return { deleted: p.id };
  };

  /** Why a post may not say it remixes `postId` (gone, hidden, or never here), or null. */
  const remixProblem = (postId: string): string | null => {
    const orig = db.prepare('SELECT title, deleted_at, hidden_reason FROM posts WHERE id = ?').get(postId) as
      Pick<PostRow, 'title' | 'deleted_at' | 'hidden_reason'> | undefined;
    if (!orig) return 'the post this remixes is not on this feed';
    if (orig.deleted_at)
      return `the post this remixes ("${orig.title}") was taken down on ${orig.deleted_at.slice(0, 10)}; a remix of it cannot be posted`;
    if (orig.hidden_reason)
      return `the post this remixes ("${orig.title}") is hidden (${orig.hidden_reason}); a remix of it cannot be posted`;
    return null;
  };

  const createDraft = (me: AccountRow, body: unknown) => {
    const b = body as Partial<DraftMeta> & { sha256?: string; bytes?: number };
    if (typeof b.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(b.sha256)) throw new HttpError(400, 'A post needs the sha256 of its video.');
    if (typeof b.bytes !== 'number' || !Number.isInteger(b.bytes) || b.bytes <= 0)
      throw new HttpError(400, 'A post needs the size of its video.');
    if (b.bytes > config.maxUploadBytes)
      throw new HttpError(
        413,
        `The video is ${Math.ceil(b.bytes / 2 ** 20)} MB; this feed takes at most ${Math.floor(config.maxUploadBytes / 2 ** 20)} MB.`,
      );
    const existing = db.prepare('SELECT id FROM posts WHERE account_id = ? AND sha256 = ? AND deleted_at IS NULL').get(me.id, b.sha256) as
      { id: string } | undefined;
    if (existing) return { postId: existing.id, existing: true };
    if (typeof b.storyboard !== 'string') throw new HttpError(400, 'A post needs its storyboard (.shotline document).');
    try {
      parseDocument(b.storyboard);
    } catch (e) {
      throw new HttpError(422, `The storyboard was refused: ${(e as Error).message}`);
    }
    if (b.remixOf !== undefined && b.remixOf !== null && typeof b.remixOf !== 'string')
      throw new HttpError(400, 'remixOf is the id of the post this remixes, or null.');
    if (b.remixOf) {
      const problem = remixProblem(b.remixOf);
      if (problem) throw new HttpError(422, `Refused: ${problem}.`, 'remix_of_gone');
    }
    const cameos = Array.isArray(b.cameos) ? b.cameos : [];
    for (const c of cameos) {
      const problem = cameoProblem(c, me);
      if (problem) throw new HttpError(403, `Refused: ${problem}.`, 'cameo_not_allowed');
    }
    const meta: DraftMeta = {
      title: String(b.title ?? '').slice(0, 200) || 'Untitled',
      prompt: String(b.prompt ?? '').slice(0, 20000),
      styles: (Array.isArray(b.styles) ? b.styles : []).map(String).slice(0, 20),
      tags: (Array.isArray(b.tags) ? b.tags : []).map(String).slice(0, 50),
      engines: (Array.isArray(b.engines) ? b.engines : []).map(String).slice(0, 200),
      hasDialogue: b.hasDialogue === true,
      remixOf: typeof b.remixOf === 'string' ? b.remixOf : null,
      storyboard: b.storyboard,
      cameos: cameos.map((c) => ({ cameoId: String(c.cameoId), grant: c.grant ? String(c.grant) : null })),
    };
    const draft = db.prepare('SELECT id FROM drafts WHERE account_id = ? AND sha256 = ?').get(me.id, b.sha256) as
      { id: string } | undefined;
    const id = draft?.id ?? randomUUID();
    // Announcing again (a retry, a resumed upload) keeps the draft from being swept as abandoned.
    db.prepare(
      `INSERT INTO drafts (id, account_id, sha256, bytes, meta_json, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(account_id, sha256) DO UPDATE SET meta_json = excluded.meta_json, bytes = excluded.bytes, created_at = excluded.created_at`,
    ).run(id, me.id, b.sha256, b.bytes, JSON.stringify(meta), now());
    return { draftId: id, existing: false };
  };

  return { postView, publish, takedown, createDraft };
}
