import { createCanvas, loadImage, type Canvas, type Image } from '@napi-rs/canvas';
import type { ModelSession } from '../../runtime/modelRuntime';

/** Settings of a BlazeFace model (from its manifest `config`). */
export interface BlazeFaceConfig {
  /** Square input size in pixels (128 short range, 256 full range). */
  inputSize: number;
  /** Output grids in output order: [cells per row, anchors per cell]. */
  grids: [number, number][];
  minScore: number;
  /** Overlap above which detections are merged. */
  iou: number;
}

export interface Face {
  score: number;
  /** In the image's pixels. */
  box: { x: number; y: number; width: number; height: number };
  /** Right eye, left eye, nose tip, mouth centre, right ear, left ear (from the subject's view). */
  keypoints: { x: number; y: number }[];
}

interface Raw {
  score: number;
  cx: number;
  cy: number;
  w: number;
  h: number;
  kp: number[];
}

export function blazeFaceConfig(config: Record<string, unknown>): BlazeFaceConfig {
  const size = typeof config.inputSize === 'number' ? config.inputSize : 128;
  const grids: [number, number][] = Array.isArray(config.grids)
    ? (config.grids as [number, number][])
    : [
        [16, 2],
        [8, 6],
      ];
  return {
    inputSize: size,
    grids,
    minScore: typeof config.minScore === 'number' ? config.minScore : 0.6,
    iou: typeof config.iou === 'number' ? config.iou : 0.3,
  };
}

/** Where the image sits inside the square, letterboxed input (fractions of the square). */
interface Letterbox {
  scale: number;
  padX: number;
  padY: number;
}

/** The image, letterboxed into the model's square input, as NHWC floats in [-1, 1]. */
export function toInputTensor(image: Image | Canvas, size: number): { data: Float32Array; box: Letterbox } {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, size, size);
  const scale = Math.min(size / image.width, size / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  const padX = (size - w) / 2;
  const padY = (size - h) / 2;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, padX, padY, w, h);
  const rgba = ctx.getImageData(0, 0, size, size).data;
  const data = new Float32Array(size * size * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    data[j] = rgba[i]! / 127.5 - 1;
    data[j + 1] = rgba[i + 1]! / 127.5 - 1;
    data[j + 2] = rgba[i + 2]! / 127.5 - 1;
  }
  return { data, box: { scale, padX, padY } };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, x))));

/** Decodes one output grid: scores [n,1] and regressors [n,16] against anchors at the cell centres. */
export function decodeGrid(
  scores: Float32Array,
  boxes: Float32Array,
  cells: number,
  perCell: number,
  size: number,
  minScore: number,
): Raw[] {
  const out: Raw[] = [];
  for (let y = 0; y < cells; y++) {
    for (let x = 0; x < cells; x++) {
      for (let a = 0; a < perCell; a++) {
        const i = (y * cells + x) * perCell + a;
        const score = sigmoid(scores[i]!);
        if (score < minScore) continue;
        const ax = (x + 0.5) / cells;
        const ay = (y + 0.5) / cells;
        const b = i * 16;
        const kp: number[] = [];
        for (let k = 0; k < 6; k++) kp.push(ax + boxes[b + 4 + k * 2]! / size, ay + boxes[b + 5 + k * 2]! / size);
        out.push({ score, cx: ax + boxes[b]! / size, cy: ay + boxes[b + 1]! / size, w: boxes[b + 2]! / size, h: boxes[b + 3]! / size, kp });
      }
    }
  }
  return out;
}

function iou(a: Raw, b: Raw): number {
  const x0 = Math.max(a.cx - a.w / 2, b.cx - b.w / 2);
  const y0 = Math.max(a.cy - a.h / 2, b.cy - b.h / 2);
  const x1 = Math.min(a.cx + a.w / 2, b.cx + b.w / 2);
  const y1 = Math.min(a.cy + a.h / 2, b.cy + b.h / 2);
  const inner = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.w * a.h + b.w * b.h - inner;
  return union > 0 ? inner / union : 0;
}

/** MediaPipe's weighted non-maximum suppression: overlapping detections are averaged by score. */
export function weightedNms(dets: Raw[], threshold: number): Raw[] {
  const rest = [...dets].sort((a, b) => b.score - a.score);
  const out: Raw[] = [];
  while (rest.length) {
    const best = rest[0]!;
    const group = rest.filter((d) => iou(best, d) > threshold);
    const keep = rest.filter((d) => iou(best, d) <= threshold);
    rest.length = 0;
    rest.push(...keep);
    if (!group.includes(best)) group.push(best);
    const total = group.reduce((s, d) => s + d.score, 0);
    const avg = (f: (d: Raw) => number) => group.reduce((s, d) => s + f(d) * d.score, 0) / total;
    out.push({
      score: best.score,
      cx: avg((d) => d.cx),
      cy: avg((d) => d.cy),
      w: avg((d) => d.w),
      h: avg((d) => d.h),
      kp: best.kp.map((_, k) => avg((d) => d.kp[k]!)),
    });
  }
  return out;
}

/** Finds the faces in an image (a file's bytes or a decoded image). */
export async function detectFaces(
  source: Buffer | Image | Canvas,
  session: ModelSession,
  cfg: BlazeFaceConfig,
  opts: { signal?: AbortSignal } = {},
): Promise<{ faces: Face[]; width: number; height: number }> {
  const image = Buffer.isBuffer(source) ? await loadImage(source) : source;
  const S = cfg.inputSize;
  const { data, box } = toInputTensor(image, S);
  const out = await session.run({ 'input:0': { type: 'float32', dims: [1, S, S, 3], data } }, opts.signal ? { signal: opts.signal } : {});
  const names = ['Identity:0', 'Identity_1:0', 'Identity_2:0', 'Identity_3:0'];
  const t = names.map((n) => {
    const v = out[n];
    if (!v) throw new Error(`The face detector gave no "${n}" output.`);
    return v.data as Float32Array;
  });
  const raw = [
    ...decodeGrid(t[0]!, t[2]!, cfg.grids[0]![0], cfg.grids[0]![1], S, cfg.minScore),
    ...decodeGrid(t[1]!, t[3]!, cfg.grids[1]![0], cfg.grids[1]![1], S, cfg.minScore),
  ];
  // From the square's fractions back to the image's pixels.
  const px = (fx: number) => (fx * S - box.padX) / box.scale;
  const py = (fy: number) => (fy * S - box.padY) / box.scale;
  const faces = weightedNms(raw, cfg.iou).map((d) => ({
    score: round(d.score, 4),
    box: {
      x: round(px(d.cx - d.w / 2)),
      y: round(py(d.cy - d.h / 2)),
      width: round((d.w * S) / box.scale),
      height: round((d.h * S) / box.scale),
    },
    keypoints: Array.from({ length: 6 }, (_, k) => ({ x: round(px(d.kp[k * 2]!)), y: round(py(d.kp[k * 2 + 1]!)) })),
  }));
  return { faces, width: image.width, height: image.height };
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
