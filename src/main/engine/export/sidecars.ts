import { pathToFileURL } from 'node:url';
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

/** The files an export writes beside its MP4, by what was asked for (null: not written). */
export function sidecarPaths(
  outputPath: string,
  opts: { srt: boolean; fcpxml: boolean },
): { srt: string | null; fcpxml: string | null; xmeml: string | null } {
  const stem = outputPath.replace(/\.mp4$/i, '');
  return {
    srt: opts.srt ? `${stem}.srt` : null,
    // The edit list in the two forms editors read: FCPXML (Final Cut, Resolve) and FCP 7 XML (Premiere),
    // the latter named so that it cannot be taken for (or replace) some other .xml of the same name.
    fcpxml: opts.fcpxml ? `${stem}.fcpxml` : null,
    xmeml: opts.fcpxml ? `${stem}.premiere.xml` : null,
  };
}

export interface EditListInput {
  projectName: string;
  fps: number;
  width: number;
  height: number;
  cut: Cut;
  /** Absolute path of the exported movie: editors find media by absolute URL (and relink it when moved). */
  mediaPath: string;
}

/**
 * The cut as edits of the one exported movie: each shot from where it becomes dominant to where the
 * next one does (a dissolve's overlap is split at its middle), so clips never overlap on one track.
 */
export function editListClips(cut: Cut): { name: string; start: number; end: number }[] {
  return cut.clips.map((c) => {
    const next = cut.clips[c.index + 1];
    const start = c.startFrame + Math.floor(c.overlapFrames / 2);
    const end = next ? next.startFrame + Math.floor(next.overlapFrames / 2) : cut.totalFrames;
    return { name: c.title || `Shot ${c.index + 1}`, start, end };
  });
}

/**
 * An FCPXML 1.9 document of the cut: the exported movie as one asset, each shot a clip of it with
 * its name and timing, so an editor can re-cut in Final Cut or DaVinci Resolve.
 */
export function buildFcpxml(opts: EditListInput): string {
  const { fps, cut } = opts;
  const t = (frames: number) => `${frames * 100}/${fps * 100}s`;
  const total = t(cut.totalFrames);
  const clips = editListClips(cut)
    .map(
      (c) =>
        `          <asset-clip ref="r2" name="${xml(c.name)}" offset="${t(c.start)}" start="${t(c.start)}" duration="${t(c.end - c.start)}" format="r1" tcFormat="NDF"/>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE fcpxml>
<fcpxml version="1.9">
  <resources>
    <format id="r1"${formatName(opts.width, opts.height, fps)} frameDuration="100/${fps * 100}s" width="${opts.width}" height="${opts.height}"/>
    <asset id="r2" name="${xml(opts.projectName)}" start="0s" duration="${total}" hasVideo="1" hasAudio="1" format="r1" audioSources="1" audioChannels="2" audioRate="48000">
      <media-rep kind="original-media" src="${xml(pathToFileURL(opts.mediaPath).href)}"/>
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

/**
 * The same cut as Final Cut Pro 7 XML (xmeml version 4), the edit list Premiere Pro imports
 * (File › Import); Resolve reads it too. One video and one stereo audio track, each shot a clip
 * item of the exported movie, its picture and sound linked.
 */
export function buildXmeml(opts: EditListInput): string {
  const { fps, cut } = opts;
  const rate = `<rate><timebase>${fps}</timebase><ntsc>FALSE</ntsc></rate>`;
  const fileUrl = pathToFileURL(opts.mediaPath);
  const fileName = decodeURIComponent(fileUrl.pathname.split('/').pop() ?? 'export.mp4');
  const clips = editListClips(cut);
  const video = `<samplecharacteristics>${rate}<width>${opts.width}</width><height>${opts.height}</height><anamorphic>FALSE</anamorphic><pixelaspectratio>square</pixelaspectratio><fielddominance>none</fielddominance></samplecharacteristics>`;
  const audio = '<samplecharacteristics><depth>16</depth><samplerate>48000</samplerate></samplecharacteristics>';
  const file = (first: boolean) =>
    first
      ? `<file id="file-1"><name>${xml(fileName)}</name><pathurl>${xml(`file://localhost${fileUrl.pathname}`)}</pathurl>${rate}<duration>${cut.totalFrames}</duration>` +
        `<media><video>${video}</video><audio>${audio}<channelcount>2</channelcount></audio></media></file>`
      : '<file id="file-1"/>';
  const links = (i: number) =>
    `<link><linkclipref>clipitem-v${i + 1}</linkclipref><mediatype>video</mediatype><trackindex>1</trackindex><clipindex>${i + 1}</clipindex></link>` +
    `<link><linkclipref>clipitem-a${i + 1}</linkclipref><mediatype>audio</mediatype><trackindex>1</trackindex><clipindex>${i + 1}</clipindex></link>`;
  const item = (kind: 'v' | 'a', c: (typeof clips)[number], i: number) =>
    `          <clipitem id="clipitem-${kind}${i + 1}"><name>${xml(c.name)}</name><enabled>TRUE</enabled><duration>${cut.totalFrames}</duration>${rate}` +
    `<start>${c.start}</start><end>${c.end}</end><in>${c.start}</in><out>${c.end}</out>${file(kind === 'v' && i === 0)}` +
    (kind === 'a' ? '<sourcetrack><mediatype>audio</mediatype><trackindex>1</trackindex></sourcetrack>' : '') +
    `${links(i)}</clipitem>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xmeml>
<xmeml version="4">
  <sequence id="sequence-1">
    <name>${xml(opts.projectName)}</name>
    <duration>${cut.totalFrames}</duration>
    ${rate}
    <timecode>${rate}<string>00:00:00:00</string><frame>0</frame><displayformat>NDF</displayformat></timecode>
    <media>
      <video>
        <format>${video}</format>
        <track>
${clips.map((c, i) => item('v', c, i)).join('\n')}
        </track>
      </video>
      <audio>
        <numOutputChannels>2</numOutputChannels>
        <format>${audio}</format>
        <track>
${clips.map((c, i) => item('a', c, i)).join('\n')}
        </track>
      </audio>
    </media>
  </sequence>
</xmeml>
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
