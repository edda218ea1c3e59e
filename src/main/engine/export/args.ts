import type { SoundCue } from '../../../shared/domain';
import { sec } from './sidecars';
import type { Cut } from './timeline';
import { watermarkExpressions, watermarkLayout, type KeepClear, type WatermarkLayout } from './watermark';

/*
 * Pure ffmpeg argument builders. Nothing here touches the disk or spawns a process, so every
 * builder is checked by table-driven tests; the runner executes what they return.
 */

/** Escapes a value for a filter option (level 1) and then for the filtergraph (level 2). */
export function escapeFilterValue(value: string): string {
  const level1 = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return level1.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

export const AUDIO_RATE = 48000;

/**
 * How a take's video is encoded: an intermediate that the export encodes once more, and the preview
 * the storyboard plays. veryfast, not superfast: superfast's coarse motion search leaves film grain
 * in the residual, so on previz frames it wrote about ten times the bytes (12 MB against 1–2 MB for
 * 200 frames at 720p, crf 17 against 18) for about 3 dB more PSNR above 48 dB, and decoding those
 * bytes again in the export cost three times as long. Not ultrafast: without CABAC it spends
 * several times longer writing the bits of grain, and the take must stay playable H.264.
 * No B-frames: on grain they save no bytes, and without them the sample's take encode and its
 * decode in the export cost 20–40% less CPU at 720p and 1080p, with the final export's PSNR and
 * SSIM unchanged or slightly higher in every style (npm run bench:takes measures it).
 */
export function takeVideoCodec(fps: number): string[] {
  return ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-bf', '0', '-pix_fmt', 'yuv420p', '-g', String(fps * 2)];
}

/** Raw RGBA frames on stdin → one intermediate segment of a take (fast, high quality, video only). */
export function segmentArgs(o: { width: number; height: number; fps: number; output: string }): string[] {
  return [
    ...['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${o.width}x${o.height}`, '-r', String(o.fps), '-i', 'pipe:0'],
    ...['-an', ...takeVideoCodec(o.fps)],
    ...['-video_track_timescale', String(o.fps * 1000), '-f', 'mp4', o.output],
  ];
}

/**
 * A pack's clip → the video of a take: stretched in time to the shot's length, scaled and cropped to
 * fill the frame, held on its last frame if short, exactly `frames` frames at the project's fps.
 */
export function clipToTakeArgs(o: {
  input: string;
  clipSeconds: number;
  frames: number;
  fps: number;
  width: number;
  height: number;
  output: string;
}): string[] {
  const stretch = o.clipSeconds > 0 ? o.frames / o.fps / o.clipSeconds : 1;
  const vf = [
    `setpts=${stretch.toFixed(6)}*PTS`,
    `fps=${o.fps}`,
    `scale=${o.width}:${o.height}:force_original_aspect_ratio=increase`,
    `crop=${o.width}:${o.height}`,
    'setsar=1',
    `tpad=stop_mode=clone:stop_duration=${sec(o.frames, o.fps)}`,
  ].join(',');
  return [
    ...['-i', o.input, '-an', '-vf', vf, '-frames:v', String(o.frames)],
    ...takeVideoCodec(o.fps),
    ...['-video_track_timescale', String(o.fps * 1000), '-f', 'mp4', o.output],
  ];
}

/** The segments (listed in a concat file) and the audio stem → the take, without re-encoding the video. */
export function takeMuxArgs(o: { concatList: string; audio: string; output: string }): string[] {
  return [
    ...['-f', 'concat', '-safe', '0', '-i', o.concatList, '-i', o.audio],
    ...['-map', '0:v:0', '-map', '1:a:0', '-c:v', 'copy', '-c:a', 'aac', '-b:a', '192k', '-ar', String(AUDIO_RATE)],
    ...['-movflags', '+faststart', '-f', 'mp4', o.output],
  ];
}

/** How a procedural sound preset is made from noise and tones (procedural, not sampled or neural). */
const PRESET_SOURCES: Record<NonNullable<SoundCue['preset']>, { src: string; filters: string }> = {
  rain: { src: 'anoisesrc=color=pink:amplitude=0.5', filters: 'highpass=f=900,lowpass=f=9000' },
  wind: { src: 'anoisesrc=color=brown:amplitude=0.7', filters: 'lowpass=f=500,tremolo=f=0.25:d=0.6' },
  'room-tone': { src: 'anoisesrc=color=brown:amplitude=0.25', filters: 'lowpass=f=250' },
  crowd: { src: 'anoisesrc=color=pink:amplitude=0.4', filters: 'bandpass=f=900:width_type=h:w=1400,tremolo=f=3:d=0.3' },
  footsteps: { src: 'anoisesrc=color=brown:amplitude=0.8', filters: 'lowpass=f=700,tremolo=f=1.8:d=1' },
  surf: { src: 'anoisesrc=color=pink:amplitude=0.6', filters: 'lowpass=f=2500,tremolo=f=0.12:d=0.9' },
  fire: { src: 'anoisesrc=color=white:amplitude=0.3', filters: 'bandpass=f=2500:width_type=h:w=3000,tremolo=f=9:d=0.7' },
  traffic: { src: 'anoisesrc=color=brown:amplitude=0.6', filters: 'lowpass=f=900' },
  birds: { src: 'sine=frequency=3200', filters: 'vibrato=f=9:d=0.8,tremolo=f=5:d=1,volume=0.3' },
  thunder: { src: 'anoisesrc=color=brown:amplitude=1', filters: 'lowpass=f=180,tremolo=f=0.5:d=0.8' },
  door: { src: 'anoisesrc=color=brown:amplitude=1', filters: 'lowpass=f=400,afade=t=out:st=0:d=0.4' },
  heartbeat: { src: 'sine=frequency=55', filters: 'tremolo=f=1.2:d=1,volume=2' },
};

export interface StemCue {
  cue: SoundCue;
  /** Absolute path of an imported sound, or null for a procedural preset. */
  file: string | null;
}

/**
 * A shot's sound stem: its cues (procedural presets or imported files) placed, faded and mixed
 * over silence of exactly the shot's length. Dialogue joins the stem with the dialogue timeline.
 */
export interface StemLine {
  /** Absolute path of the spoken line (WAV). */
  file: string;
  /** Frames from the start of the shot. */
  startFrame: number;
  /** Frames cut from the start and the end of the line's audio (it stays anchored at startFrame). */
  trimStartFrames?: number;
  trimEndFrames?: number;
  /** The line audio's length, needed to cut its end. */
  audioSeconds?: number;
}

/** How far ambience, effects and music dip under dialogue (sidechain compression keyed by the voices). */
export const DUCKING = 'threshold=0.008:ratio=3:attack=20:release=350';

export function audioStemArgs(o: {
  cues: readonly StemCue[];
  dialogue?: readonly StemLine[];
  durationFrames: number;
  fps: number;
  seed: number;
  output: string;
}): string[] {
  const dur = sec(o.durationFrames, o.fps);
  const inputs: string[] = ['-f', 'lavfi', '-i', `anullsrc=r=${AUDIO_RATE}:cl=stereo`];
  const chains: string[] = [];
  const labels: string[] = ['[base]'];
  chains.push(`[0:a]atrim=0:${dur}[base]`);
  o.cues.forEach(({ cue, file }, i) => {
    const len = sec(cue.lengthFrames, o.fps);
    const start = Math.round((cue.startFrame * 1000) / o.fps);
    let source: string;
    if (file) {
      inputs.push('-i', file);
      source = `[${inputs.filter((a) => a === '-i').length - 1}:a]atrim=0:${len},asetpts=PTS-STARTPTS`;
    } else {
      const p = PRESET_SOURCES[cue.preset ?? 'room-tone'];
      const seeded = p.src.startsWith('anoisesrc') ? `${p.src}:seed=${(o.seed + i * 7919) % 2147483647}` : p.src;
      inputs.push('-f', 'lavfi', '-i', `${seeded}:sample_rate=${AUDIO_RATE}:duration=${len}`);
      source = `[${inputs.filter((a) => a === '-i').length - 1}:a]${p.filters}`;
    }
    const fades = [
      cue.fadeInFrames > 0 ? `afade=t=in:st=0:d=${sec(cue.fadeInFrames, o.fps)}` : null,
      cue.fadeOutFrames > 0
        ? `afade=t=out:st=${sec(Math.max(0, cue.lengthFrames - cue.fadeOutFrames), o.fps)}:d=${sec(cue.fadeOutFrames, o.fps)}`
        : null,
    ].filter(Boolean);
    chains.push(
      [
        source,
        'aformat=sample_rates=48000:channel_layouts=stereo',
        `volume=${cue.gainDb.toFixed(2)}dB`,
        ...fades,
        `adelay=${start}|${start}`,
        `apad=whole_len=${Math.round((o.durationFrames * AUDIO_RATE) / o.fps)}`,
        `atrim=0:${dur}[c${i}]`,
      ].join(','),
    );
    labels.push(`[c${i}]`);
  });
  const whole = Math.round((o.durationFrames * AUDIO_RATE) / o.fps);
  const lines = o.dialogue ?? [];
  // amix divides by the input count; every input lasts the whole shot, so scaling back is exact.
  const bedOut = lines.length ? '[bed]' : '[out]';
  const mix = [
    labels.length === 1
      ? `[base]anull${bedOut}`
      : `${labels.join('')}amix=inputs=${labels.length}:duration=first:dropout_transition=0,volume=${labels.length}${bedOut}`,
  ];
  if (lines.length) {
    const voices: string[] = [];
    lines.forEach((l, j) => {
      inputs.push('-i', l.file);
      const idx = inputs.filter((a) => a === '-i').length - 1;
      const ts = l.trimStartFrames ?? 0;
      const te = l.trimEndFrames ?? 0;
      const at = Math.round(((l.startFrame + ts) * 1000) / o.fps);
      const end = te > 0 && l.audioSeconds !== undefined ? Math.max(ts / o.fps, l.audioSeconds - te / o.fps) : null;
      const trim =
        ts > 0 || end !== null ? `atrim=start=${sec(ts, o.fps)}${end !== null ? `:end=${end.toFixed(4)}` : ''},asetpts=PTS-STARTPTS,` : '';
      mix.push(
        `[${idx}:a]${trim}aresample=${AUDIO_RATE},aformat=sample_rates=${AUDIO_RATE}:channel_layouts=stereo,adelay=${at}|${at},apad=whole_len=${whole},atrim=0:${dur}[d${j}]`,
      );
      voices.push(`[d${j}]`);
    });
    mix.push(
      voices.length === 1
        ? `[d0]asplit=2[v1][v2]`
        : `${voices.join('')}amix=inputs=${voices.length}:duration=first:dropout_transition=0,volume=${voices.length},asplit=2[v1][v2]`,
    );
    // The bed ducks under the voices, then the voices go on top.
    // This ffmpeg's sidechaincompress cannot negotiate layouts on its own: both inputs are pinned.
    const pin = `aformat=sample_fmts=dbl:sample_rates=${AUDIO_RATE}:channel_layouts=stereo`;
    mix.push(`[bed]${pin}[bedp]`, `[v1]${pin}[v1p]`);
    mix.push(`[bedp][v1p]sidechaincompress=${DUCKING}[ducked]`);
    mix.push(`[ducked][v2]amix=inputs=2:duration=first:dropout_transition=0,volume=2[out]`);
  }
  return [
    ...inputs,
    ...['-filter_complex', [...chains, ...mix].join(';'), '-map', '[out]'],
    ...['-t', dur, '-ar', String(AUDIO_RATE), '-ac', '2', '-c:a', 'pcm_s16le', '-f', 'wav', o.output],
  ];
}

export interface ExportEncode {
  x264Preset: string;
  crf: number;
  audioBitrate: string;
  /** −14 LUFS by default. */
  loudnessLufs: number;
}

export interface ExportGraphInput {
  cut: Cut;
  fps: number;
  width: number;
  height: number;
  fontFile: string;
  creator: string;
  /** Files holding the two watermark lines (drawtext reads text from files: no escaping of user text). */
  watermarkTextFiles: [string, string];
  /**
   * Where burned-in captions (their top in px), title cards (their bottom) and letterbox bars (their
   * height) show, in seconds on the timeline: the watermark rises above the captions, keeps below the
   * title cards, and keeps between the bars.
   */
  keepClear?: readonly KeepClear[];
  loudnessLufs: number;
  /** The project's music bed (the input after the takes), ducked while lines are spoken. */
  music?: { gainDb: number; fadeInFrames: number; fadeOutFrames: number; duck: { start: number; end: number }[] } | null;
}

/** How far the music bed dips while a line is on (linear gain; about −10 dB). */
export const MUSIC_DUCK_GAIN = 0.32;

/**
 * The single export encode's filtergraph: shots laid on the timeline (cuts, fades, dip to black,
 * dissolves and wipes as overlays), audio joined with crossfades where shots overlap and
 * loudness-normalised, and the moving watermark drawn last.
 */
export function exportFilterGraph(g: ExportGraphInput): { graph: string; layout: WatermarkLayout } {
  const { cut, fps } = g;
  const parts: string[] = [];
  cut.clips.forEach((c, i) => {
    // Exactly the shot's frames, as its samples below: a take with a frame too many would start every
    // later shot a frame late (and put the wrong picture under the watermark's and captions' times).
    const f = [
      `[${i}:v]trim=end_frame=${c.durationFrames}`,
      'setpts=PTS-STARTPTS',
      `scale=${g.width}:${g.height}`,
      'setsar=1',
      'format=yuv420p',
    ];
    if (c.fadeInFrames > 0 && c.overlapFrames === 0) f.push(`fade=t=in:st=0:d=${sec(c.fadeInFrames, fps)}`);
    if (c.fadeOutFrames > 0) f.push(`fade=t=out:st=${sec(c.durationFrames - c.fadeOutFrames, fps)}:d=${sec(c.fadeOutFrames, fps)}`);
    parts.push(`${f.join(',')}[v${i}]`);
    // Exactly the shot's samples: a take's AAC track decodes padded to a whole 1024-sample packet
    // (up to 21 ms), which, left in, would start every later shot's sound late by the sum.
    const samples = Math.round((c.durationFrames * AUDIO_RATE) / fps);
    parts.push(
      `[${i}:a]asetpts=PTS-STARTPTS,aformat=sample_rates=${AUDIO_RATE}:channel_layouts=stereo,apad=whole_len=${samples},atrim=end_sample=${samples}[a${i}]`,
    );
  });
  let v = '[v0]';
  let a = '[a0]';
  let accFrames = cut.clips[0]?.durationFrames ?? 0;
  cut.clips.slice(1).forEach((c, k) => {
    const i = k + 1;
    if (c.overlapFrames === 0) {
      // Stamped again frame by frame: concat gives a one-frame segment no length (it takes a segment's
      // length from its frames' spacing), which put the next shot's first frame on the same instant.
      parts.push(`${v}[v${i}]concat=n=2:v=1:a=0,setpts=N/(${fps}*TB)[vc${i}]`);
      parts.push(`${a}[a${i}]concat=n=2:v=0:a=1[ac${i}]`);
    } else {
      const offset = sec(c.startFrame, fps);
      const d = sec(c.overlapFrames, fps);
      // The incoming shot is the main input, started late over black; what came before is overlaid on it
      // and leaves by fading out (dissolve) or sliding away (wipe). Padding the earlier part instead trips
      // an end-of-stream bug of this ffmpeg's tpad after overlay.
      parts.push(`[v${i}]tpad=start_duration=${offset}:start_mode=add:color=black[vm${i}]`);
      if (c.transition.kind === 'wipe') {
        parts.push(
          `[vm${i}]${v}overlay=eof_action=pass:format=yuv420:x='if(lt(t\\,${offset})\\,0\\,-W*(t-${offset})/${d})':eval=frame,format=yuv420p[vc${i}]`,
        );
      } else {
        parts.push(`${v}format=yuva420p,fade=t=out:st=${offset}:d=${d}:alpha=1[vo${i}]`);
        parts.push(`[vm${i}][vo${i}]overlay=eof_action=pass:format=yuv420,format=yuv420p[vc${i}]`);
      }
      parts.push(`${a}[a${i}]acrossfade=d=${d}:c1=tri:c2=tri[ac${i}]`);
    }
    v = `[vc${i}]`;
    a = `[ac${i}]`;
    accFrames = c.startFrame + c.durationFrames;
  });
  const layout = watermarkLayout(g.width, g.height, g.creator);
  const expr = watermarkExpressions(g.width, g.height, layout, g.keepClear ?? []);
  const pos = { x: expr.x.replaceAll(',', '\\,'), y: expr.y.replaceAll(',', '\\,') };
  const font = escapeFilterValue(g.fontFile);
  const draw = (file: string, size: number, dy: number, alpha: number) =>
    `drawtext=fontfile=${font}:textfile=${escapeFilterValue(file)}:expansion=none:fontsize=${size}:fontcolor=white@${alpha}` +
    `:shadowcolor=black@0.45:shadowx=2:shadowy=2:x='${pos.x}':y='${pos.y}+${dy}'`;
  const total = sec(accFrames, fps);
  parts.push(
    `${v}${draw(g.watermarkTextFiles[0], layout.fontSize, 0, 0.62)},${draw(g.watermarkTextFiles[1], Math.round(layout.fontSize * 0.7), Math.round(layout.fontSize * 1.3), 0.55)},trim=duration=${total}[vout]`,
  );
  if (g.music) {
    const m = g.music;
    const fi = sec(m.fadeInFrames, fps);
    const fo = sec(m.fadeOutFrames, fps);
    const duck = m.duck.map((d) => `between(t\\,${d.start.toFixed(3)}\\,${d.end.toFixed(3)})`).join('+');
    const chain = [
      `[${cut.clips.length}:a]aresample=${AUDIO_RATE}`,
      `aformat=sample_rates=${AUDIO_RATE}:channel_layouts=stereo`,
      `atrim=0:${total}`,
      'asetpts=PTS-STARTPTS',
      `volume=${m.gainDb.toFixed(2)}dB`,
      ...(m.fadeInFrames > 0 ? [`afade=t=in:st=0:d=${fi}`] : []),
      ...(m.fadeOutFrames > 0 ? [`afade=t=out:st=${sec(Math.max(0, accFrames - m.fadeOutFrames), fps)}:d=${fo}`] : []),
      ...(duck ? [`volume='if(${duck}\\,${MUSIC_DUCK_GAIN}\\,1)':eval=frame`] : []),
    ];
    parts.push(`${chain.join(',')}[music]`);
    parts.push(`${a}[music]amix=inputs=2:duration=first:dropout_transition=0,volume=2[withmusic]`);
    a = '[withmusic]';
  }
  parts.push(
    `${a}loudnorm=I=${g.loudnessLufs}:TP=-1.5:LRA=11,aresample=${AUDIO_RATE},aformat=sample_rates=${AUDIO_RATE}:channel_layouts=stereo,atrim=duration=${total}[aout]`,
  );
  return { graph: parts.join(';\n'), layout };
}

/** The export encode: takes in, the graph from a script file, H.264 + AAC out with the AI-generated metadata. */
export function exportArgs(o: {
  inputs: readonly string[];
  filterScript: string;
  encode: ExportEncode;
  metadata: Record<string, string>;
  output: string;
}): string[] {
  const meta = Object.entries(o.metadata).flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);
  return [
    ...o.inputs.flatMap((i) => ['-i', i]),
    ...['-filter_complex_script', o.filterScript, '-map', '[vout]', '-map', '[aout]'],
    ...['-c:v', 'libx264', '-preset', o.encode.x264Preset, '-crf', String(o.encode.crf), '-pix_fmt', 'yuv420p', '-profile:v', 'high'],
    ...['-c:a', 'aac', '-b:a', o.encode.audioBitrate, '-ar', String(AUDIO_RATE)],
    ...meta,
    ...['-movflags', '+faststart+use_metadata_tags', '-f', 'mp4', o.output],
  ];
}

/** The benchmark's baseline: a synthetic picture encoded with the same x264 settings, nothing else. */
export function plainEncodeArgs(o: {
  width: number;
  height: number;
  fps: number;
  seconds: number;
  encode: ExportEncode;
  output: string;
}): string[] {
  return [
    ...['-f', 'lavfi', '-i', `testsrc2=s=${o.width}x${o.height}:r=${o.fps}:d=${o.seconds}`],
    ...['-c:v', 'libx264', '-preset', o.encode.x264Preset, '-crf', String(o.encode.crf), '-pix_fmt', 'yuv420p', '-profile:v', 'high'],
    ...['-f', 'mp4', o.output],
  ];
}
