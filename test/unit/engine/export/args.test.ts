import { describe, expect, it } from 'vitest';
import {
  audioStemArgs,
  escapeFilterValue,
  exportArgs,
  exportFilterGraph,
  plainEncodeArgs,
  type ExportGraphInput,
  segmentArgs,
  takeMuxArgs,
} from '../../../../src/main/engine/export/args';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildFcpxml, buildSrt, buildXmeml, editListClips, sidecarPaths } from '../../../../src/main/engine/export/sidecars';
import { layoutCut, type Cut, type CutShot } from '../../../../src/main/engine/export/timeline';
import {
  KEEP_CLEAR_RAMP,
  mergeKeepClear,
  watermarkExpressions,
  watermarkLayout,
  watermarkLines,
  watermarkPosition,
  type KeepClear,
} from '../../../../src/main/engine/export/watermark';
import type { SoundCue } from '../../../../src/shared/domain';

/** The parts of an FCP 7 XML sequence the Premiere test reads, as fast-xml-parser gives them. */
interface XmemlClip {
  name: string;
  start: number;
  end: number;
  in: number;
  out: number;
  file: {
    '@_id': string;
    name?: string;
    pathurl?: string;
    media?: { video: { samplecharacteristics: { width: number; height: number } } };
  };
  sourcetrack?: { mediatype: string };
  link: { linkclipref: string }[];
}
interface XmemlSequence {
  name: string;
  duration: number;
  rate: { timebase: number; ntsc: string };
  media: { video: { track: { clipitem: XmemlClip[] }[] }; audio: { track: { clipitem: XmemlClip[] }[] } };
}

/** The export graph's input for a 720p cut by "Ana" (fonts and text files are only named, not read). */
const graphInput = (cut: Cut): ExportGraphInput => ({
  cut,
  fps: 24,
  width: 1280,
  height: 720,
  fontFile: '/f/Font.ttf',
  creator: 'Ana',
  watermarkTextFiles: ['/t/1.txt', '/t/2.txt'],
  loudnessLufs: -14,
});

const shot = (kind: CutShot['transition']['kind'], durationFrames = 48, d = 12): CutShot => ({
  title: kind,
  durationFrames,
  transition: { kind, durationFrames: kind === 'cut' ? 0 : d },
});

describe('layoutCut', () => {
  it.each([
    { name: 'cuts only', shots: [shot('cut'), shot('cut'), shot('cut')], starts: [0, 48, 96], total: 144 },
    { name: 'a dissolve overlaps the previous shot', shots: [shot('cut'), shot('dissolve')], starts: [0, 36], total: 84 },
    { name: 'a wipe overlaps too', shots: [shot('cut'), shot('wipe', 48, 24)], starts: [0, 24], total: 72 },
    { name: 'a fade does not change timing', shots: [shot('cut'), shot('fade')], starts: [0, 48], total: 96 },
    { name: 'dip to black does not change timing', shots: [shot('cut'), shot('dip-to-black')], starts: [0, 48], total: 96 },
    { name: 'a first-shot dissolve becomes a fade from black', shots: [shot('dissolve'), shot('cut')], starts: [0, 48], total: 96 },
    { name: 'an overlap never exceeds the shorter shot', shots: [shot('cut', 10), shot('dissolve', 48, 40)], starts: [0, 0], total: 48 },
  ])('$name', ({ shots, starts, total }) => {
    const cut = layoutCut(shots);
    expect(cut.clips.map((c) => c.startFrame)).toEqual(starts);
    expect(cut.totalFrames).toBe(total);
  });

  it('splits a dip to black between the outgoing and the incoming shot', () => {
    const cut = layoutCut([shot('cut'), shot('dip-to-black', 48, 13)]);
    expect(cut.clips[0]!.fadeOutFrames).toBe(6);
    expect(cut.clips[1]!.fadeInFrames).toBe(7);
  });
});

describe('argument builders', () => {
  it('segment: raw RGBA from stdin at the shot size and fps into an intermediate H.264', () => {
    const a = segmentArgs({ width: 1280, height: 720, fps: 24, output: '/t/seg.mp4' });
    expect(a.slice(0, 10)).toEqual(['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', '1280x720', '-r', '24', '-i', 'pipe:0']);
    expect(a).toContain('libx264');
    // No B-frames in takes: on grain they save nothing and cost encode and decode time.
    expect(a.join(' ')).toContain('-bf 0');
    expect(a.at(-1)).toBe('/t/seg.mp4');
  });

  it('take mux: copies the video of the concatenated segments and encodes the stem', () => {
    const a = takeMuxArgs({ concatList: '/t/l.txt', audio: '/t/a.wav', output: '/m/take.mp4' });
    expect(a).toEqual(expect.arrayContaining(['-f', 'concat', '-safe', '0', '-c:v', 'copy', '-c:a', 'aac']));
    expect(a.join(' ')).toContain('-map 0:v:0 -map 1:a:0');
  });

  const cue = (over: Partial<SoundCue>): SoundCue => ({
    id: 'c',
    kind: 'ambience',
    label: 'rain',
    preset: 'rain',
    assetPath: null,
    startFrame: 12,
    lengthFrames: 24,
    gainDb: -6,
    fadeInFrames: 6,
    fadeOutFrames: 6,
    ...over,
  });

  it.each([
    { name: 'no cues: silence of the exact length', cues: [], has: ['[base]anull[out]'], inputs: 1 },
    {
      name: 'a preset cue is generated, delayed and faded',
      cues: [{ cue: cue({}), file: null }],
      has: ['anoisesrc', 'adelay=500|500', 'afade=t=in', 'volume=-6.00dB', 'amix=inputs=2'],
      inputs: 2,
    },
    {
      name: 'an imported cue reads its file',
      cues: [{ cue: cue({ preset: null, assetPath: 'a.wav' }), file: '/m/a.wav' }],
      has: ['[1:a]atrim'],
      inputs: 2,
    },
  ])('audio stem: $name', ({ cues, has, inputs }) => {
    const a = audioStemArgs({ cues, durationFrames: 48, fps: 24, seed: 7, output: '/t/a.wav' });
    const graph = a[a.indexOf('-filter_complex') + 1]!;
    for (const h of has) expect(graph + a.join(' ')).toContain(h);
    expect(a.filter((x) => x === '-i')).toHaveLength(inputs);
    expect(a.slice(a.indexOf('-t'), a.indexOf('-t') + 2)).toEqual(['-t', '2.000000']);
  });

  it('export graph: concat for cuts, overlay for dissolves and wipes, crossfaded audio, watermark and loudness last', () => {
    const cut = layoutCut([shot('cut'), shot('dissolve'), shot('dip-to-black'), shot('wipe')]);
    const { graph } = exportFilterGraph(graphInput(cut));
    expect(graph).toContain('[vc1][v2]concat=n=2:v=1:a=0,setpts=N/(24*TB)[vc2]');
    expect(graph).toContain('fade=t=out:st=1.500000:d=0.500000:alpha=1');
    expect(graph).toMatch(/overlay=eof_action=pass:format=yuv420:x='if\(lt\(t\\,5\.000000\)/);
    expect(graph).toContain('acrossfade=d=0.500000');
    expect(graph).toContain('loudnorm=I=-14');
    expect(graph).toContain('textfile=/t/1.txt');
    expect(graph).toContain(`trim=duration=${(cut.totalFrames / 24).toFixed(6)}[vout]`);
  });

  it('export args: maps the graph outputs, marks the file AI-generated, and keeps custom tags', () => {
    const a = exportArgs({
      inputs: ['/m/a.mp4', '/m/b.mp4'],
      filterScript: '/t/g.txt',
      encode: { x264Preset: 'veryfast', crf: 23, audioBitrate: '128k', loudnessLufs: -14 },
      metadata: { title: 'T', ai_generated: 'true' },
      output: '/o/x.mp4',
    });
    expect(a.join(' ')).toContain('-i /m/a.mp4 -i /m/b.mp4 -filter_complex_script /t/g.txt -map [vout] -map [aout]');
    expect(a.join(' ')).toContain('-metadata ai_generated=true');
    expect(a.join(' ')).toContain('+faststart+use_metadata_tags');
  });

  it('the benchmark baseline uses the same x264 settings as the export', () => {
    const encode = { x264Preset: 'veryfast', crf: 23, audioBitrate: '128k', loudnessLufs: -14 };
    const a = plainEncodeArgs({ width: 1280, height: 720, fps: 24, seconds: 10, encode, output: '/o/p.mp4' });
    expect(a[3]).toBe('testsrc2=s=1280x720:r=24:d=10');
    expect(a.join(' ')).toContain('-preset veryfast -crf 23');
  });

  it.each([
    ['/plain/path.ttf', '/plain/path.ttf'],
    ['C:\\Fonts\\a.ttf', 'C\\\\:\\\\\\\\Fonts\\\\\\\\a.ttf'],
    ["/it's/here", "/it\\\\\\'s/here"],
    ['/a,b;c[d]', '/a\\,b\\;c\\[d\\]'],
  ])('escapes %s for a filtergraph', (input, expected) => {
    expect(escapeFilterValue(input)).toBe(expected);
  });
});

describe('watermark', () => {
  it('names the creator and says AI-generated', () => {
    expect(watermarkLines('Ana')).toEqual(['Shotline · Ana', 'AI-generated']);
    expect(watermarkLines('  ')).toEqual(['Shotline', 'AI-generated']);
  });
  it('moves, stays inside the frame, and matches its ffmpeg expression', () => {
    const l = watermarkLayout(1280, 720, 'Ana');
    const seen = new Set<string>();
    for (let t = 0; t < 60; t += 0.5) {
      const p = watermarkPosition(t, 1280, 720, l);
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.x + l.boxWidth).toBeLessThanOrEqual(1280);
      expect(p.y + l.boxHeight).toBeLessThanOrEqual(720);
      seen.add(`${Math.round(p.x / 50)},${Math.round(p.y / 50)}`);
      const e = watermarkExpressions(1280, 720, l);
      const evalExpr = (s: string) => new Function('t', 'PI', 'sin', `return ${s};`)(t, Math.PI, Math.sin) as number;
      expect(evalExpr(e.x)).toBeCloseTo(p.x, 1);
      expect(evalExpr(e.y)).toBeCloseTo(p.y, 1);
    }
    expect(seen.size).toBeGreaterThan(20);
  });

  const evalAt = (s: string, t: number) =>
    new Function('t', 'PI', 'sin', 'min', 'max', `return ${s};`)(t, Math.PI, Math.sin, Math.min, Math.max) as number;

  /**
   * Walks the path with spans to keep clear of, every 0.05 s up to `seconds`: the ffmpeg expression
   * agrees, x is the free path's, y is the free path's away from every span, no jump between frames;
   * `at` checks each instant against the free path too.
   */
  function walkPath(
    spans: KeepClear[],
    seconds: number,
    at: (t: number, p: { x: number; y: number }, free: { x: number; y: number }) => void,
  ) {
    const l = watermarkLayout(1280, 720, 'Ana');
    const e = watermarkExpressions(1280, 720, l, spans);
    for (let t = 0; t < seconds; t += 0.05) {
      const p = watermarkPosition(t, 1280, 720, l, spans);
      const free = watermarkPosition(t, 1280, 720, l);
      expect(evalAt(e.x, t)).toBeCloseTo(p.x, 1);
      expect(evalAt(e.y, t)).toBeCloseTo(p.y, 1);
      expect(p.x).toBe(free.x);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y + l.boxHeight).toBeLessThanOrEqual(720);
      if (spans.every((b) => t < b.start - KEEP_CLEAR_RAMP || t > b.end + KEEP_CLEAR_RAMP)) expect(p.y).toBe(free.y);
      at(t, p, free);
    }
    // No sudden jump: between frames 1/24 s apart it moves at most a few pixels more than the free path.
    for (let t = 0; t < seconds; t += 1 / 24) {
      const a = watermarkPosition(t, 1280, 720, l, spans);
      const b = watermarkPosition(t + 1 / 24, 1280, 720, l, spans);
      expect(Math.abs(b.y - a.y)).toBeLessThan(40);
    }
  }

  it('rises above captions while they show, drifts as before away from them, and its ffmpeg expression agrees', () => {
    const l = watermarkLayout(1280, 720, 'Ana');
    const bands = [
      { start: 2, end: 5, top: 560 },
      { start: 11, end: 12.2, top: 610 },
      { start: 30, end: 31, top: 300 },
    ];
    const gap = Math.round(l.fontSize * 0.5);
    let crossedWithout = 0;
    walkPath(bands, 40, (t, p, free) => {
      expect(p.y).toBeLessThanOrEqual(free.y);
      const showing = bands.find((b) => t >= b.start && t < b.end);
      if (showing) {
        expect(p.y + l.boxHeight, `at ${t.toFixed(2)} s`).toBeLessThanOrEqual(showing.top - gap + 1e-6);
        if (free.y + l.boxHeight > showing.top) crossedWithout++;
      }
    });
    // The bands were chosen where the free path crosses them: the test would see a watermark over captions.
    expect(crossedWithout).toBeGreaterThan(20);
  });

  it('keeps below title cards while they show, and between a title card and a caption shown together', () => {
    const l = watermarkLayout(1280, 720, 'Ana');
    const gap = Math.round(l.fontSize * 0.5);
    const titles: KeepClear[] = [
      { start: 0, end: 2, bottom: 200 },
      { start: 8, end: 10, bottom: 180 },
      { start: 19, end: 21, bottom: 220 },
    ];
    const captions: KeepClear[] = [{ start: 19.5, end: 20.5, top: 560 }];
    let crossedWithout = 0;
    walkPath([...titles, ...captions], 30, (t, p, free) => {
      const title = titles.find((b) => t >= b.start && t < b.end);
      if (title) {
        expect(p.y, `at ${t.toFixed(2)} s`).toBeGreaterThanOrEqual(title.bottom! + gap - 1e-6);
        if (free.y < title.bottom!) crossedWithout++;
      }
      const caption = captions.find((b) => t >= b.start && t < b.end);
      if (caption) expect(p.y + l.boxHeight, `at ${t.toFixed(2)} s`).toBeLessThanOrEqual(caption.top! - gap + 1e-6);
    });
    // The free path goes over the title cards then: the test would see a watermark over one.
    expect(crossedWithout).toBeGreaterThan(20);
  });

  it('keeps inside letterbox bars while they show, with captions and title cards inside them too', () => {
    const l = watermarkLayout(1280, 720, 'Ana');
    const gap = Math.round(l.fontSize * 0.5);
    // Letterboxed shots from 0 to 12 s and 20 to 40 s (a pack's clip without bars between them).
    const bars: KeepClear[] = [
      { start: 0, end: 6, bars: 92 },
      { start: 6, end: 12, bars: 92 },
      { start: 20, end: 40, bars: 92 },
    ];
    const inside: KeepClear[] = [
      { start: 2, end: 5, top: 560 },
      { start: 22, end: 23.5, bottom: 220 },
      { start: 30, end: 31, top: 600 },
    ];
    let inBarsWithout = 0;
    walkPath([...bars, ...inside], 40, (t, p, free) => {
      const at = `at ${t.toFixed(2)} s`;
      if (bars.some((b) => t >= b.start && t < b.end)) {
        expect(p.y, at).toBeGreaterThanOrEqual(92 + gap - 1e-6);
        expect(p.y + l.boxHeight, at).toBeLessThanOrEqual(720 - 92 - gap + 1e-6);
        if (free.y < 92 || free.y + l.boxHeight > 720 - 92) inBarsWithout++;
      }
      for (const k of inside) {
        if (t < k.start || t >= k.end) continue;
        if (k.top !== undefined) expect(p.y + l.boxHeight, at).toBeLessThanOrEqual(k.top - gap + 1e-6);
        else expect(p.y, at).toBeGreaterThanOrEqual(k.bottom! + gap - 1e-6);
      }
    });
    // The free path goes over the bars then: the test would see a watermark a crop takes away.
    expect(inBarsWithout).toBeGreaterThan(50);
    // Touching shots' bars are one span: the watermark does not dip into the bars at the cut.
    expect(mergeKeepClear(bars).filter((k) => k.bars !== undefined)).toEqual([
      { start: 0, end: 12, bars: 92 },
      { start: 20, end: 40, bars: 92 },
    ]);
  });

  it.each<[string, KeepClear[], KeepClear[]]>([
    [
      'captions whose ramps would overlap, keeping the higher top',
      [
        { start: 5, end: 6, top: 500 },
        { start: 1, end: 2, top: 600 },
        { start: 2.8, end: 3, top: 550 },
        { start: 7, end: 7, top: 10 },
      ],
      [
        { start: 1, end: 3, top: 550 },
        { start: 5, end: 6, top: 500 },
      ],
    ],
    [
      'title cards whose ramps would overlap, keeping the lower bottom, apart from the captions',
      [
        { start: 5, end: 6, bottom: 100 },
        { start: 1, end: 2, bottom: 90 },
        { start: 2.5, end: 3, bottom: 120 },
        { start: 1.5, end: 2.5, top: 600 },
      ],
      [
        { start: 1.5, end: 2.5, top: 600 },
        { start: 1, end: 3, bottom: 120 },
        { start: 5, end: 6, bottom: 100 },
      ],
    ],
  ])('merges %s', (_name, spans, merged) => {
    expect(mergeKeepClear(spans)).toEqual(merged);
  });

  it('puts the keep-clear expression in the drawtext filter with its commas escaped', () => {
    const cut = layoutCut([{ title: 'a', durationFrames: 48, transition: { kind: 'cut', durationFrames: 0 } }]);
    const { graph } = exportFilterGraph({ ...graphInput(cut), keepClear: [{ start: 0.5, end: 1.5, top: 600 }] });
    const y = /:y='([^']*)'/.exec(graph)![1]!;
    expect(y).toContain('max(0\\,min(1\\,');
    expect(y.replaceAll('\\,', '')).not.toContain(',');
  });
});

describe('sidecars', () => {
  it('SRT: numbered cues with millisecond times', () => {
    const srt = buildSrt(
      [
        { startFrame: 12, endFrame: 60, speaker: 'Maya', text: 'Hello there.' },
        { startFrame: 3600 * 24 + 6, endFrame: 3600 * 24 + 30, speaker: '', text: 'Later' },
        { startFrame: 70, endFrame: 80, speaker: 'X', text: '   ' },
      ],
      24,
    );
    expect(srt).toBe('1\n00:00:00,500 --> 00:00:02,500\nMaya: Hello there.\n\n2\n01:00:00,250 --> 01:00:01,250\nLater\n');
  });
  it('FCPXML: one clip per shot on the spine, names escaped, durations in frames, the movie by absolute URL', () => {
    const cut = layoutCut([{ ...shot('cut'), title: 'Roof & sky' }, shot('cut', 24)]);
    const x = buildFcpxml({ projectName: 'P <1>', fps: 24, width: 1280, height: 720, cut, mediaPath: '/home/ana/Videos/P 1 é.mp4' });
    expect(XMLValidator.validate(x)).toBe(true);
    expect(x).toContain('<fcpxml version="1.9">');
    expect(x).toContain('name="Roof &amp; sky" offset="0/2400s" start="0/2400s" duration="4800/2400s"');
    expect(x).toContain('offset="4800/2400s" start="4800/2400s" duration="2400/2400s"');
    expect(x).toContain('src="file:///home/ana/Videos/P%201%20%C3%A9.mp4"');
    expect(x).toContain('name="P &lt;1&gt;"');
    expect(x).toContain('<format id="r1" name="FFVideoFormat720p24" frameDuration="100/2400s" width="1280" height="720"/>');
    // 9:16 has no standard Final Cut format name: the format is given by its size and rate alone.
    const vertical = buildFcpxml({ projectName: 'V', fps: 30, width: 1080, height: 1920, cut, mediaPath: '/v/V.mp4' });
    expect(vertical).toContain('<format id="r1" frameDuration="100/3000s" width="1080" height="1920"/>');
  });

  it('FCP 7 XML for Premiere: the same cut as linked picture and sound clip items of the one movie', () => {
    const cut = layoutCut([
      { ...shot('cut'), title: 'Roof & sky' },
      { ...shot('dissolve', 48), title: 'Ledge' },
      { ...shot('cut', 24), title: '' },
    ]);
    const x = buildXmeml({ projectName: 'P <1>', fps: 24, width: 1280, height: 720, cut, mediaPath: '/home/ana/Videos/P 1.mp4' });
    expect(XMLValidator.validate(x)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => name === 'clipitem' || name === 'track' || name === 'link',
    }).parse(x) as {
      xmeml: { '@_version': string; sequence: XmemlSequence };
    };
    expect(doc.xmeml['@_version']).toBe('4');
    const seq = doc.xmeml.sequence;
    expect(seq.name).toBe('P <1>');
    expect(seq.duration).toBe(cut.totalFrames);
    expect(seq.rate).toEqual({ timebase: 24, ntsc: 'FALSE' });
    const video = seq.media.video.track[0]!.clipitem;
    const audio = seq.media.audio.track[0]!.clipitem;
    const spans = editListClips(cut);
    expect(video.map((c) => [c.name, c.start, c.end, c.in, c.out])).toEqual(spans.map((c) => [c.name, c.start, c.end, c.start, c.end]));
    expect(audio.map((c) => [c.start, c.end])).toEqual(spans.map((c) => [c.start, c.end]));
    expect(video.map((c) => c.name)).toEqual(['Roof & sky', 'Ledge', 'Shot 3']);
    // Back to back on the track, covering the whole movie: the dissolve is split at its middle.
    for (let i = 1; i < spans.length; i++) expect(video[i]!.start).toBe(video[i - 1]!.end);
    expect(video.at(-1)!.end).toBe(cut.totalFrames);
    // The movie is described once and referred to by id after; Premiere finds it by its file URL.
    expect(video[0]!.file['@_id']).toBe('file-1');
    expect(video[0]!.file.pathurl).toBe('file://localhost/home/ana/Videos/P%201.mp4');
    expect(video[0]!.file.name).toBe('P 1.mp4');
    expect(video[0]!.file.media!.video.samplecharacteristics).toMatchObject({ width: 1280, height: 720 });
    expect([...video.slice(1), ...audio].every((c) => c.file['@_id'] === 'file-1' && c.file.pathurl === undefined)).toBe(true);
    expect(audio.every((c) => c.sourcetrack?.mediatype === 'audio')).toBe(true);
    // Each shot's picture and sound are linked to each other.
    video.forEach((c, i) => expect(c.link.map((l) => l.linkclipref)).toEqual([`clipitem-v${i + 1}`, `clipitem-a${i + 1}`]));
  });

  it('names the files beside the MP4 by what was asked for', () => {
    expect(sidecarPaths('/x/Roof.mp4', { srt: true, fcpxml: true })).toEqual({
      srt: '/x/Roof.srt',
      fcpxml: '/x/Roof.fcpxml',
      xmeml: '/x/Roof.premiere.xml',
    });
    expect(sidecarPaths('/x/Roof.MP4', { srt: false, fcpxml: false })).toEqual({ srt: null, fcpxml: null, xmeml: null });
  });
});
