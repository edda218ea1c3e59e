import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MusicBed, Project } from '../../../shared/domain';
import { AppError } from '../../../shared/result';
import type { FfmpegRunner } from '../export/ffmpegRunner';
import type { EditContext, ProjectEditor } from '../projects/projectEditor';
import { hashFile } from '../render/contentHash';

const MAX_BYTES = 50 * 2 ** 20;

/** The project's music bed: an imported file, stored as AAC in the library, under the whole cut. */
export class MusicService {
  constructor(private readonly d: { editor: ProjectEditor; mediaDir: string; runner: FfmpegRunner; fps: (projectId: string) => number }) {}

  async importMusic(i: { projectId: string; path: string }, ctx: EditContext): Promise<Project> {
    if (!existsSync(i.path)) throw new AppError('NOT_FOUND', `${i.path} does not exist.`);
    return this.store(i.projectId, i.path, i.path.split(/[\\/]/).pop() ?? 'music', ctx);
  }

  async uploadMusic(i: { projectId: string; fileName: string; base64: string }, ctx: EditContext): Promise<Project> {
    const bytes = Buffer.from(i.base64, 'base64');
    if (bytes.length === 0) throw new AppError('INVALID_FILE', 'The music file is empty.');
    if (bytes.length > MAX_BYTES) throw new AppError('INVALID_INPUT', 'The music file is over 50 MB.');
    const tmp = join(this.d.mediaDir, 'music', 'incoming', `${Date.now()}-${i.fileName.replace(/[^a-zA-Z0-9._-]/g, '_')}`);
    mkdirSync(dirname(tmp), { recursive: true });
    writeFileSync(tmp, bytes);
    try {
      return await this.store(i.projectId, tmp, i.fileName, ctx);
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  update(
    i: { projectId: string; patch: Partial<Pick<MusicBed, 'gainDb' | 'fadeInFrames' | 'fadeOutFrames'>> | null },
    ctx: EditContext,
  ): Project {
    return this.d.editor.edit(i.projectId, ctx, (p) => {
      if (i.patch === null) p.music = null;
      else if (!p.music) throw new AppError('NOT_FOUND', 'This project has no music bed yet: add one first.');
      else p.music = { ...p.music, ...i.patch };
    }).project;
  }

  private async store(projectId: string, source: string, title: string, ctx: EditContext): Promise<Project> {
    this.d.editor.load(projectId);
    const rel = `music/${await hashFile(source)}.m4a`;
    const out = join(this.d.mediaDir, rel);
    if (!existsSync(out)) {
      mkdirSync(dirname(out), { recursive: true });
      try {
        await this.d.runner.run(
          ['-i', source, '-vn', '-ac', '2', '-ar', '48000', '-c:a', 'aac', '-b:a', '192k', '-f', 'mp4', `${out}.part`],
          {
            label: 'reading the music file',
          },
        ).done;
      } catch {
        rmSync(`${out}.part`, { force: true });
        throw new AppError('INVALID_FILE', `${title} is not audio this studio can read (it may be corrupt). Nothing was changed.`);
      }
      renameSync(`${out}.part`, out);
    }
    const fps = this.d.fps(projectId);
    return this.d.editor.edit(projectId, ctx, (p) => {
      p.music = { assetPath: rel, title: title.slice(0, 200), gainDb: -12, fadeInFrames: fps, fadeOutFrames: 2 * fps };
    }).project;
  }
}
