import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, ImageData } from '@napi-rs/canvas';
import { CAPTURE_LIMITS, type CameoFrame, type CameoKind, type Liveness, type VoiceProfile } from '../../../../shared/cameos';
import { AppError } from '../../../../shared/result';
import type { FfmpegRunner } from '../../export/ffmpegRunner';
import type { MediaProbe } from '../../media/probe';
import type { Face } from '../../pipelines/faces/blazeFace';
import type { SpeechSegment } from '../../pipelines/vad/sileroVad';
import { wavFromSamples } from '../../pipelines/packs/piperTts';
import type { Box, FaceModels, FaceReading, RgbaFrame } from './faceModels';
import { checkPhrase } from './phraseCheck';
import { voiceProfile } from './voiceProfile';
import { formantOffset } from '../../pipelines/speech/formantShift';
import { readWavMono, resampleLinear, synthesizeFliteTimed } from '../../pipelines/speech/fliteTts';

/** Frames analysed per second of capture, and the square they are letterboxed into. */
export const ANALYSIS_FPS = 5;
export const FRAME_SIZE = 384;
/** Liveness thresholds (DESIGN §7; issue 6). */
export const LIVENESS = { singleFace: 0.9, yawDegrees: 12, minFaceScore: 0.6 } as const;
const RATE = 16000;

export interface CaptureTools {
  runner: FfmpegRunner;
  probe: (file: string, signal: AbortSignal) => Promise<MediaProbe>;
  detectFaces: (frame: RgbaFrame, signal: AbortSignal) => Promise<Face[]>;
  detectSpeech: (samples: Float32Array, signal: AbortSignal) => Promise<SpeechSegment[]>;
  face: FaceModels;
}

export interface CaptureAnalysis {
  liveness: Liveness;
  /** Chosen frames, files written into the output folder (paths relative to it). */
  frames: CameoFrame[];
  embedding: Float32Array | null;
  voice: VoiceProfile | null;
  voiceSamples: string[];
  thumbnail: string | null;
}

/** Refuses what cannot be a capture before any work starts (too long, no picture, unreadable). */
export function checkCaptureProbe(p: MediaProbe, kind: CameoKind, name: string): void {
  if (!p.video) throw new AppError('INVALID_FILE', `${name} has no picture. A cameo capture is a short video of the ${kind}.`);
  if (!Number.isFinite(p.seconds)) throw new AppError('INVALID_FILE', `${name} has no readable duration; it may be corrupt or cut short.`);
  if (p.seconds > CAPTURE_LIMITS.maxSeconds) {
    const mins = Math.floor(p.seconds / 60);
    throw new AppError(
      'INVALID_INPUT',
      `${name} is ${mins >= 60 ? `${Math.floor(mins / 60)} h ${mins % 60} min` : `${mins} min ${Math.round(p.seconds % 60)} s`} long; a capture must be at most ${CAPTURE_LIMITS.maxSeconds} s. Trim it to the part where the ${kind} is seen (and, for a person, reads the phrase and turns the head).`,
    );
  }
  if (p.seconds < CAPTURE_LIMITS.minSeconds)
    throw new AppError('INVALID_INPUT', `${name} is only ${p.seconds.toFixed(1)} s long; record at least ${CAPTURE_LIMITS.minSeconds} s.`);
}

/**
 * Analyses a capture into `outDir`: frames letterboxed into a square at 5 fps; for a person, the
 * liveness checks (one face in ≥ 90 % of frames by BlazeFace, a head turn both ways by the face
 * mesh's yaw, the challenge phrase found in the speech); then the likeness (frontal and turned
 * frames, face crops, mattes and cut-outs, the mouth box, an identity embedding) and the voice
 * (profile and samples). Writes files only into `outDir` (the caller commits or discards it).
 */
export async function analyzeCapture(o: {
  file: string;
  kind: CameoKind;
  phrase: string | null;
  outDir: string;
  workDir: string;
  tools: CaptureTools;
  signal: AbortSignal;
  onProgress: (fraction: number, message: string) => void;
}): Promise<CaptureAnalysis> {
  const { tools, signal, kind } = o;
  o.onProgress(0, 'Reading the capture');
  const probe = await tools.probe(o.file, signal);
  checkCaptureProbe(probe, kind, 'The capture');

  o.onProgress(0.03, 'Extracting frames');
  const raw = join(o.workDir, 'frames.rgba');
  const S = FRAME_SIZE;
  await tools.runner.run(
    [
      '-i',
      o.file,
      '-an',
      '-vf',
      `fps=${ANALYSIS_FPS},scale=${S}:${S}:force_original_aspect_ratio=decrease,pad=${S}:${S}:(ow-iw)/2:(oh-ih)/2`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      raw,
    ],
    { label: 'extracting the frames of the capture', signal },
  ).done;
  const frameBytes = S * S * 4;
  const count = Math.floor(statSync(raw).size / frameBytes);
  if (count === 0) throw new AppError('INVALID_FILE', 'The capture has no frames that could be decoded; it may be corrupt.');
  const fd = openSync(raw, 'r');
  const readFrame = (i: number): RgbaFrame => {
    const data = new Uint8Array(frameBytes);
    readSync(fd, data, 0, frameBytes, i * frameBytes);
    return { data, width: S, height: S };
  };

  let samples = new Float32Array(0);
  if (probe.audio) {
    o.onProgress(0.06, 'Decoding the sound');
    const pcm = join(o.workDir, 'audio.f32');
    await tools.runner.run(['-i', o.file, '-vn', '-ac', '1', '-ar', String(RATE), '-f', 'f32le', '-c:a', 'pcm_f32le', pcm], {
      label: 'decoding the sound of the capture',
      signal,
    }).done;
    const b = readFileSync(pcm);
    samples = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  }

  try {
    // Faces in every frame; the mesh on frames with exactly one.
    const readings: (FaceReading | null)[] = [];
    const faces: Face[][] = [];
    let noFace = 0;
    let manyFaces = 0;
    const isPerson = kind === 'person';
    for (let i = 0; i < count; i++) {
      if (signal.aborted) throw signal.reason;
      const frame = readFrame(i);
      const found = isPerson ? (await tools.detectFaces(frame, signal)).filter((f) => f.score >= LIVENESS.minFaceScore) : [];
      faces.push(found);
      if (isPerson && found.length === 0) noFace++;
      if (found.length > 1) manyFaces++;
      readings.push(isPerson && found.length === 1 ? await tools.face.readFace(frame, { embedding: false }) : null);
      o.onProgress(0.08 + 0.6 * ((i + 1) / count), `Looking at frame ${i + 1} of ${count}`);
    }
    const reasons: string[] = [];
    let singleFace: Liveness['singleFace'] = null;
    let headTurn: Liveness['headTurn'] = null;
    let phrase: Liveness['phrase'] = null;
    let antispoof: Liveness['antispoof'] = null;
    let speech: SpeechSegment[] = [];
    if (samples.length) speech = await tools.detectSpeech(samples, signal);

    if (isPerson) {
      const single = (count - noFace - manyFaces) / count;
      singleFace = {
        passed: single >= LIVENESS.singleFace,
        fraction: round3(single),
        threshold: LIVENESS.singleFace,
        noFace: round3(noFace / count),
        manyFaces: round3(manyFaces / count),
      };
      if (!singleFace.passed) {
        if (noFace / count > 1 - LIVENESS.singleFace)
          reasons.push(
            noFace === count
              ? 'No face was found in the capture. Face the camera in good light, close enough that your face fills about a third of the picture.'
              : `No face was found in ${Math.round((noFace / count) * 100)} % of the frames. Keep your face in the picture the whole time.`,
          );
        if (manyFaces / count > 1 - LIVENESS.singleFace)
          reasons.push(
            `More than one face was seen in ${Math.round((manyFaces / count) * 100)} % of the frames. Record with only the person whose cameo this is in the picture.`,
          );
      }
      const yaws = readings.filter((r): r is FaceReading => r !== null).map((r) => r.yaw);
      const minYaw = yaws.length ? Math.min(...yaws) : 0;
      const maxYaw = yaws.length ? Math.max(...yaws) : 0;
      headTurn = {
        passed: minYaw <= -LIVENESS.yawDegrees && maxYaw >= LIVENESS.yawDegrees,
        minYaw: round1(minYaw),
        maxYaw: round1(maxYaw),
        threshold: LIVENESS.yawDegrees,
        method: tools.face.name,
      };
      if (!headTurn.passed && yaws.length)
        reasons.push(
          `The head did not turn both ways (it turned from ${round1(minYaw)}° to ${round1(maxYaw)}°; at least ${LIVENESS.yawDegrees}° to each side is needed). Slowly turn your head to the left and to the right while recording.`,
        );
      const spoken = speech.length ? { start: speech[0]!.start, end: speech[speech.length - 1]!.end } : null;
      if (!o.phrase) throw new AppError('INVALID_INPUT', 'A person capture needs the challenge phrase that was shown before recording.');
      o.onProgress(0.7, 'Listening for the challenge phrase');
      const pc = await checkPhrase({
        samples,
        speech: spoken,
        phrase: o.phrase,
        signal,
        onProgress: (f) => o.onProgress(0.7 + 0.15 * f, 'Listening for the challenge phrase'),
      });
      phrase = { passed: pc.passed, phrase: o.phrase, score: pc.score, threshold: pc.threshold };
      if (!pc.passed)
        reasons.push(
          !samples.length
            ? 'The capture has no sound, so the challenge phrase could not be heard. Record with the microphone on.'
            : !spoken
              ? 'No speech was heard. Read the challenge phrase aloud while recording.'
              : `The challenge phrase "${o.phrase}" was not recognised in the speech (it sounded closer to "${pc.heard}"; match ${pc.score} < ${pc.threshold}). Read exactly the phrase shown, clearly.`,
        );
      const scored = readings.filter((r): r is FaceReading => r !== null);
      const mean = (xs: number[]) => (xs.length ? round3(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
      antispoof = {
        real: mean(scored.flatMap((r) => (r.real === null ? [] : [r.real]))),
        live: mean(scored.flatMap((r) => (r.live === null ? [] : [r.live]))),
      };
    }
    const liveness: Liveness = {
      passed: reasons.length === 0,
      kind,
      framesAnalyzed: count,
      seconds: round1(probe.seconds),
      singleFace,
      headTurn,
      phrase,
      antispoof,
      reasons,
    };
    if (!liveness.passed) return { liveness, frames: [], embedding: null, voice: null, voiceSamples: [], thumbnail: null };

    // Likeness: the most frontal frame and the most turned each way (people); the middle frame otherwise.
    o.onProgress(0.86, 'Cutting out the likeness');
    mkdirSync(o.outDir, { recursive: true });
    const picks = pickFrames(readings, count);
    const frames: CameoFrame[] = [];
    let embedding: Float32Array | null = null;
    for (const [n, pick] of picks.entries()) {
      const frame = readFrame(pick.index);
      const reading = isPerson ? await tools.face.readFace(frame, { embedding: n === 0 }) : null;
      if (n === 0) embedding = reading?.embedding ?? null;
      const alpha = await tools.face.segment(frame);
      const bd = faces[pick.index]?.[0]?.box;
      const faceBox = reading?.face ?? (bd ? { x: bd.x, y: bd.y, width: bd.width, height: bd.height } : null);
      frames.push(await writeFrameFiles(o.outDir, `frame-${n}`, frame, alpha, faceBox, reading?.mouth ?? null, pick.yaw));
    }

    // Voice: profile and up to two samples of the speech.
    o.onProgress(0.95, 'Measuring the voice');
    const profile = samples.length ? voiceProfile(samples, RATE, speech) : null;
    const voice = profile ? { ...profile, formants: await formantsOf(samples, speech, signal) } : null;
    const voiceSamples: string[] = [];
    for (const [k, s] of speech.slice(0, 2).entries()) {
      const part = samples.subarray(Math.floor(s.start * RATE), Math.min(samples.length, Math.ceil(Math.min(s.end, s.start + 8) * RATE)));
      writeFileSync(join(o.outDir, `voice-${k}.wav`), wavFromSamples({ samples: part, sampleRate: RATE }));
      voiceSamples.push(`voice-${k}.wav`);
    }
    o.onProgress(1, 'Done');
    return { liveness, frames, embedding, voice, voiceSamples, thumbnail: frames[0]?.crop ?? null };
  } finally {
    closeSync(fd);
  }
}

/** Where the speech's formants lie against the two base flite voices (semitones). */
async function formantsOf(
  samples: Float32Array,
  speech: readonly SpeechSegment[],
  signal: AbortSignal,
): Promise<{ kal: number; slt: number }> {
  const spoken = concat(speech.map((s) => samples.subarray(Math.floor(s.start * RATE), Math.ceil(s.end * RATE))));
  const ref = async (voice: 'kal' | 'slt') => {
    const { wav } = await synthesizeFliteTimed(FORMANT_TEXT, { voice, signal });
    const a = readWavMono(wav);
    return resampleLinear(a.samples, a.sampleRate, RATE);
  };
  return { kal: formantOffset(spoken, await ref('kal'), RATE), slt: formantOffset(spoken, await ref('slt'), RATE) };
}
const FORMANT_TEXT = 'The quick brown fox jumps over the lazy dog, and the river runs by the old stone bridge.';

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Frontal first, then the most turned to each side (people with readings); else the middle frame. */
export function pickFrames(readings: readonly (FaceReading | null)[], count: number): { index: number; yaw: number }[] {
  const seen = readings.flatMap((r, index) => (r ? [{ index, yaw: r.yaw }] : []));
  if (seen.length === 0) return [{ index: Math.floor(count / 2), yaw: 0 }];
  const frontal = seen.reduce((a, b) => (Math.abs(b.yaw) < Math.abs(a.yaw) ? b : a));
  const left = seen.reduce((a, b) => (b.yaw < a.yaw ? b : a));
  const right = seen.reduce((a, b) => (b.yaw > a.yaw ? b : a));
  const out = [frontal];
  for (const p of [left, right]) if (!out.some((q) => q.index === p.index)) out.push(p);
  return out;
}

/** Writes a chosen frame: the picture, the face crop, the matte and the cut-out (cropped to the person). */
async function writeFrameFiles(
  dir: string,
  name: string,
  frame: RgbaFrame,
  alpha: Uint8Array,
  face: Box | null,
  mouth: Box | null,
  yaw: number,
): Promise<CameoFrame> {
  const { width: W, height: H } = frame;
  const full = createCanvas(W, H);
  full.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(frame.data), W, H), 0, 0);
  writeFileSync(join(dir, `${name}.jpg`), await full.encode('jpeg', 90));

  // The face crop: the face box grown to show hair and chin, square, inside the frame.
  const fb = face ?? { x: W * 0.25, y: H * 0.2, width: W * 0.5, height: H * 0.5 };
  const side = Math.min(W, H, Math.max(fb.width, fb.height) * 1.6);
  const cx = Math.min(W - side / 2, Math.max(side / 2, fb.x + fb.width / 2));
  const cy = Math.min(H - side / 2, Math.max(side / 2, fb.y + fb.height / 2));
  const crop = createCanvas(160, 160);
  crop.getContext('2d').drawImage(full, cx - side / 2, cy - side / 2, side, side, 0, 0, 160, 160);
  writeFileSync(join(dir, `${name}-face.jpg`), await crop.encode('jpeg', 90));

  // Matte (grey) and cut-out (RGBA), both cropped to the foreground's bounds.
  let x0 = W;
  let y0 = H;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      if (alpha[y * W + x]! >= 128) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  if (x1 < 0) {
    x0 = 0;
    y0 = 0;
    x1 = W - 1;
    y1 = H - 1;
  }
  const cw = x1 - x0 + 1;
  const ch = y1 - y0 + 1;
  const cut = new Uint8ClampedArray(cw * ch * 4);
  const matte = new Uint8ClampedArray(cw * ch * 4);
  for (let y = 0; y < ch; y++)
    for (let x = 0; x < cw; x++) {
      const s = ((y + y0) * W + (x + x0)) * 4;
      const d = (y * cw + x) * 4;
      const a = alpha[(y + y0) * W + (x + x0)]!;
      cut[d] = frame.data[s]!;
      cut[d + 1] = frame.data[s + 1]!;
      cut[d + 2] = frame.data[s + 2]!;
      cut[d + 3] = a;
      matte[d] = matte[d + 1] = matte[d + 2] = a;
      matte[d + 3] = 255;
    }
  const encode = async (px: Uint8ClampedArray) => {
    const c = createCanvas(cw, ch);
    c.getContext('2d').putImageData(new ImageData(px, cw, ch), 0, 0);
    return c.encode('png');
  };
  writeFileSync(join(dir, `${name}-cutout.png`), await encode(cut));
  writeFileSync(join(dir, `${name}-matte.png`), await encode(matte));
  const rel = (b: Box) => ({
    x: round3((b.x - x0) / cw),
    y: round3((b.y - y0) / ch),
    width: round3(b.width / cw),
    height: round3(b.height / ch),
  });
  return {
    image: `${name}.jpg`,
    crop: `${name}-face.jpg`,
    cutout: `${name}-cutout.png`,
    matte: `${name}-matte.png`,
    yaw: round1(yaw),
    face: face ? rel(face) : null,
    mouth: mouth ? rel(mouth) : null,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
