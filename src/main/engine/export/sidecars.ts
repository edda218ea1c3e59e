import { framesToSeconds } from '../../../shared/time';
import type { Cut } from './timeline';

export interface CaptionLine {
  /** Frame in the finished video where the line starts. */
  startFrame: number;
  endFrame: number;
  speaker: string;
  text: string;
}

function srtTime(frames: number, fps: number): string {
  const ms = Math.round((frames * 1000) / fps);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)},${pad(ms % 1000, 3)}`;
}

/** SubRip subtitles of the dialogue, timed on the finished video. */
export function buildSrt(lines: readonly CaptionLine[], fps: number): string {
  return lines
    .filter((l) => l.text.trim() && l.endFrame > l.startFrame)
    .map(
      (l, i) =>
        `${i + 1}\n${srtTime(l.startFrame, fps)} --> ${srtTime(l.endFrame, fps)}\n${l.speaker ? `${l.speaker}: ` : ''}${l.text.trim()}\n`,
    )
    .join('\n');
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An FCPXML 1.9 document of the cut: the exported movie as one asset, each shot a clip of it with
 * its name and timing, so an editor can re-cut in Final Cut, Resolve or Premiere.
 */
export function buildFcpxml(opts: {
  projectName: string;
  fps: number;
  width: number;
  height: number;
  cut: Cut;
  mediaFileName: string;
}): string {
  const { fps, cut } = opts;
  const t = (frames: number) => `${frames * 100}/${fps * 100}s`;
  const total = t(cut.totalFrames);
  const clips = cut.clips
    .map((c) => {
      // Overlaps (dissolves) are shown as where the shot becomes dominant, so clips never overlap on the spine.
      const next = cut.clips[c.index + 1];
      const start = c.startFrame + Math.floor(c.overlapFrames / 2);
      const end = next ? next.startFrame + Math.floor(next.overlapFrames / 2) : cut.totalFrames;
      return `          <asset-clip ref="r2" name="${xml(c.title || `Shot ${c.index + 1}`)}" offset="${t(start)}" start="${t(start)}" duration="${t(end - start)}" format="r1" tcFormat="NDF"/>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE fcpxml>
<fcpxml version="1.9">
  <resources>
    <format id="r1"${formatName(opts.width, opts.height, fps)} frameDuration="100/${fps * 100}s" width="${opts.width}" height="${opts.height}"/>
    <asset id="r2" name="${xml(opts.projectName)}" start="0s" duration="${total}" hasVideo="1" hasAudio="1" format="r1" audioSources="1" audioChannels="2" audioRate="48000">
      <media-rep kind="original-media" src="./${encodeURI(opts.mediaFileName)}"/>
    </asset>
  </resources>
  <library>
    <event name="${xml(opts.projectName)}">
      <project name="${xml(opts.projectName)}">
        <sequence format="r1" duration="${total}" tcStart="0s" tcFormat="NDF" audioLayout="stereo" audioRate="48k">
          <spine>
${clips}
          </spine>
        </sequence>
      </project>
    </event>
  </library>
</fcpxml>
`;
}

/** Seconds as ffmpeg reads them, exact to the microsecond. */
export const sec = (frames: number, fps: number): string => framesToSeconds(frames, fps).toFixed(6);

/**
 * Final Cut's name for a standard format (FFVideoFormat1080p24); none for others, such as 9:16
 * vertical, which Final Cut then takes from the width, height and frame duration.
 */
function formatName(width: number, height: number, fps: number): string {
  const standard = (width === 1920 && height === 1080) || (width === 1280 && height === 720);
  return standard ? ` name="FFVideoFormat${height}p${fps}"` : '';
}
