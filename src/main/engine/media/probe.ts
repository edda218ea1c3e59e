import { execFile } from 'node:child_process';
import { AppError } from '../../../shared/result';

export interface MediaProbe {
  seconds: number;
  video: { width: number; height: number; fps: number } | null;
  audio: { sampleRate: number; channels: number } | null;
  format: string;
}

/**
 * What a media file holds (ffprobe): duration, the first video and audio streams. A file ffprobe
 * cannot read is an INVALID_FILE error naming it.
 */
export function probeMedia(ffprobe: string, file: string, signal?: AbortSignal): Promise<MediaProbe> {
  return new Promise((resolve, reject) => {
    execFile(
      ffprobe,
      [
        '-v',
        'error',
        '-show_entries',
        'format=duration,format_name:stream=codec_type,width,height,avg_frame_rate,sample_rate,channels',
        '-of',
        'json',
        file,
      ],
      { maxBuffer: 4 * 2 ** 20, ...(signal ? { signal } : {}) },
      (err, stdout, stderr) => {
        if (err) {
          const why = String(stderr).trim().split('\n').pop() || err.message;
          reject(new AppError('INVALID_FILE', `${file} is not a video or audio file this studio can read (${why}).`));
          return;
        }
        try {
          const j = JSON.parse(stdout) as {
            format?: { duration?: string; format_name?: string };
            streams?: {
              codec_type: string;
              width?: number;
              height?: number;
              avg_frame_rate?: string;
              sample_rate?: string;
              channels?: number;
            }[];
          };
          const v = j.streams?.find((s) => s.codec_type === 'video');
          const a = j.streams?.find((s) => s.codec_type === 'audio');
          const [num, den] = (v?.avg_frame_rate ?? '0/1').split('/').map(Number) as [number, number];
          resolve({
            seconds: Number(j.format?.duration ?? 'NaN'),
            video: v && v.width && v.height ? { width: v.width, height: v.height, fps: den ? num / den : 0 } : null,
            audio: a ? { sampleRate: Number(a.sample_rate ?? 0), channels: a.channels ?? 0 } : null,
            format: j.format?.format_name ?? 'unknown',
          });
        } catch (e) {
          reject(new AppError('INVALID_FILE', `${file} could not be read (${e instanceof Error ? e.message : String(e)}).`));
        }
      },
    );
  });
}
