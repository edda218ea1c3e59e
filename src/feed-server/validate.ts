import { execFile } from 'node:child_process';
import { readCredentials } from '../main/engine/export/credentials';

/** Why an upload is refused, or null when it carries valid credentials and the Shotline marks. */
export async function checkUpload(
  file: string,
  ffprobe: string,
): Promise<{ ok: true; engines: string[]; manifest: object } | { ok: false; reason: string }> {
  let tags: Record<string, string>;
  try {
    const out = await new Promise<string>((res, rej) =>
      execFile(ffprobe, ['-v', 'error', '-show_entries', 'format_tags', '-of', 'json', file], { maxBuffer: 1 << 20 }, (e, so) =>
        e ? rej(e) : res(so),
      ),
    );
    tags = (JSON.parse(out) as { format?: { tags?: Record<string, string> } }).format?.tags ?? {};
  } catch {
    return { ok: false, reason: 'the file is not a video the feed can read' };
  }
  if (tags.ai_generated !== 'true' || !String(tags.encoded_by ?? '').startsWith('Shotline') || !tags.shotline_engines)
    return {
      ok: false,
      reason: 'the video has no Shotline watermark metadata (AI-generated marker, engines); upload an export made by Shotline',
    };
  const c = await readCredentials(file);
  if (!c.present) return { ok: false, reason: 'the video has no content credentials (C2PA); upload the exported file as it is' };
  if (!c.valid)
    return {
      ok: false,
      reason: `the video's content credentials are not valid (${c.problems.join('; ')}): it was changed after export`,
    };
  return {
    ok: true,
    engines: tags.shotline_engines.split(','),
    manifest: {
      title: c.title,
      creator: c.creator,
      engines: c.engines,
      softwareAgent: c.softwareAgent,
      createdAt: c.createdAt,
      notes: c.notes,
    },
  };
}
