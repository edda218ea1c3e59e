/*
 * Capture clips for the cameo tests, built from the public-domain portrait in test/fixtures/images
 * (astronaut Eileen Collins, NASA, via scikit-image) and flite speech:
 * - a head turn is simulated by pushing the nose sideways against the face outline (a Gaussian
 *   displacement centred on the nose tip), which is what a real turn does to the picture;
 * - the person "reads" with flite's Scottish voice (awb), which is not one of the reference voices
 *   the phrase check compares against.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
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
/** The nose tip of portrait-astronaut.jpg (face mesh landmark 1) and the spread of the push. */
const NOSE = { x: 139, y: 81, sigma: 14 };

export interface ClipOptions {
  image?: string;
  /** Largest sideways push of the nose in pixels (0: the head never turns). */
  turn?: number;
  /** Two copies of the picture side by side (two faces). */
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

/** Writes an MP4 capture clip and returns its path. */
export async function makeCaptureClip(dir: string, name: string, o: ClipOptions = {}): Promise<string> {
  const img = await loadImage(join(imagesDir(), o.image ?? 'portrait-astronaut.jpg'));
  const base = createCanvas(SIZE, SIZE);
  const b = base.getContext('2d');
  b.fillStyle = '#808080';
  b.fillRect(0, 0, SIZE, SIZE);
  if (o.twoFaces) {
    // Two people side by side: each half of the frame shows the face, full size.
    for (const [half, dx] of [
      [0, 80 - NOSE.x],
      [SIZE / 2, SIZE / 2 + 80 - NOSE.x],
    ] as const) {
      b.save();
      b.beginPath();
      b.rect(half, 0, SIZE / 2, SIZE);
      b.clip();
      b.drawImage(img, dx, 0, SIZE, SIZE);
      b.restore();
    }
  } else b.drawImage(img, 0, 0, SIZE, SIZE);
  const src = b.getImageData(0, 0, SIZE, SIZE).data;

  let audio: Float32Array = new Float32Array(0);
  if (o.speech) {
    const { wav } = await synthesizeFliteTimed(o.speech, { voice: o.voice ?? 'awb' });
    const a = readWavMono(wav);
    audio = resampleLinear(a.samples, a.sampleRate, 16000);
  }
  const seconds = Math.max(o.seconds ?? 4, audio.length / 16000 + 0.6);
  const frames = Math.round(seconds * FPS);
  const raw = Buffer.alloc(frames * SIZE * SIZE * 4);
  const hand = o.handheldSwing !== undefined ? createCanvas(SIZE, SIZE) : null;
  for (let i = 0; i < frames; i++) {
    const phase = (2 * Math.PI * i) / frames;
    if (hand) {
      const g = hand.getContext('2d');
      g.setTransform(1, 0, 0, 1, 0, 0);
      g.fillStyle = '#5a5a5a';
      g.fillRect(0, 0, SIZE, SIZE);
      const swing = ((o.handheldSwing! * Math.PI) / 180) * Math.sin(phase);
      g.translate(SIZE / 2 + 10 * Math.sin(phase * 1.7), SIZE / 2 + 6 * Math.sin(phase * 2.3));
      g.rotate(((4 * Math.PI) / 180) * Math.sin(phase * 1.3));
      g.scale(0.92 * Math.cos(swing), 0.92);
      g.drawImage(base, -SIZE / 2, -SIZE / 2);
      raw.set(g.getImageData(0, 0, SIZE, SIZE).data, i * SIZE * SIZE * 4);
      continue;
    }
    // Turn to one side, then the other, then back.
    const push = (o.turn ?? 0) * Math.sin(phase);
    const out = raw.subarray(i * SIZE * SIZE * 4, (i + 1) * SIZE * SIZE * 4);
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        const r2 = ((x - NOSE.x) ** 2 + ((y - NOSE.y) * 0.8) ** 2) / NOSE.sigma ** 2;
        const sx = Math.max(0, Math.min(SIZE - 1, Math.round(x - push * Math.exp(-r2))));
        const s = (y * SIZE + sx) * 4;
        const d = (y * SIZE + x) * 4;
        out[d] = src[s]!;
        out[d + 1] = src[s + 1]!;
        out[d + 2] = src[s + 2]!;
        out[d + 3] = 255;
      }
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
