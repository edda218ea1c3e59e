import { throwIfAborted } from '../../queue/jobErrors';
import { encodePrompt, num, planarToRgba, type PackContext } from './packContext';
import { flowSigmas, flowStep, gaussianNoise, guide } from './schedulers';

export interface VideoRequest {
  prompt: string;
  negativePrompt?: string;
  seed: number;
  /** Image-to-video: the first frame as planar RGB in [-1, 1], [3, H, W] at the pack's size. */
  image?: Float32Array;
  signal?: AbortSignal;
  onProgress?: (fraction: number, stage: string) => void;
}

export interface VideoFrames {
  width: number;
  height: number;
  fps: number;
  /** RGBA bytes per frame. */
  frames: Uint8ClampedArray[];
}

/**
 * Text-to-video and image-to-video from a transformer pack with a flow-matching Euler sampler:
 * prompt → text encoder; noise → transformer velocity (classifier-free guidance when guidance > 1)
 * → Euler steps over shifted σ from 1 to 0 → VAE decoder → frames. For image-to-video the VAE
 * encoder's latent of the first frame is concatenated to the noisy latents on the channel axis.
 */
export async function generateVideo(ctx: PackContext, req: VideoRequest): Promise<VideoFrames> {
  const cfg = ctx.manifest.config;
  const steps = Math.max(1, Math.round(num(cfg, 'steps', 8)));
  const guidance = num(cfg, 'guidance', 5);
  const shift = num(cfg, 'shift', 3);
  const C = num(cfg, 'latentChannels', 16);
  const spatial = num(cfg, 'spatialScale', 8);
  const temporal = num(cfg, 'temporalScale', 4);
  const frames = num(cfg, 'frames', 17);
  const width = num(cfg, 'width', 512);
  const height = num(cfg, 'height', 320);
  const fps = num(cfg, 'fps', 16);
  const F = Math.floor((frames - 1) / temporal) + 1;
  const h = Math.floor(height / spatial);
  const w = Math.floor(width / spatial);
  const n = C * F * h * w;
  const total = steps + 3;
  const report = (done: number, stage: string) => req.onProgress?.(done / total, stage);
  const i2v = ctx.manifest.task === 'image-to-video';
  if (i2v && !req.image) throw new Error(`"${ctx.manifest.name}" makes video from an image: give it the shot's keyframe.`);

  report(0, 'Encoding the prompt');
  const cond = await encodePrompt(ctx, req.prompt, req.signal);
  const uncond = guidance > 1 ? await encodePrompt(ctx, req.negativePrompt ?? '', req.signal) : null;

  // Image-to-video: the first frame's latent in frame 0 of a condition volume, zeros after it.
  let condition: Float32Array | null = null;
  if (i2v) {
    report(1, 'Encoding the first frame');
    const enc = await ctx.session('vae_encoder', req.signal);
    const out = await enc.run(
      { sample: { type: 'float32', dims: [1, 3, 1, height, width], data: req.image! } },
      req.signal ? { signal: req.signal } : {},
    );
    const lat = (out.latent_sample ?? Object.values(out)[0])!.data as Float32Array;
    if (lat.length !== C * h * w) throw new Error(`The VAE encoder returned ${lat.length} values, expected ${C * h * w}.`);
    condition = new Float32Array(n);
    for (let c = 0; c < C; c++) condition.set(lat.subarray(c * h * w, (c + 1) * h * w), c * F * h * w);
  }

  const transformer = await ctx.session('transformer', req.signal);
  const inC = i2v ? 2 * C : C;
  const velocity = async (x: Float32Array, sigma: number): Promise<Float32Array> => {
    let input = x;
    if (condition) {
      input = new Float32Array(2 * n);
      input.set(x, 0);
      input.set(condition, n);
    }
    const run = async (hidden: { data: Float32Array; dims: number[] }) => {
      const out = await transformer.run(
        {
          hidden_states: { type: 'float32', dims: [1, inC, F, h, w], data: input },
          timestep: { type: 'float32', dims: [1], data: Float32Array.from([sigma * 1000]) },
          encoder_hidden_states: { type: 'float32', dims: hidden.dims, data: hidden.data },
        },
        req.signal ? { signal: req.signal } : {},
      );
      const v = (out.sample ?? Object.values(out)[0])!;
      if (v.data.length !== n) throw new Error(`The transformer returned ${v.data.length} values, expected ${n}.`);
      return v.data as Float32Array;
    };
    const c = await run(cond);
    return uncond ? guide(await run(uncond), c, guidance) : c;
  };

  const sigmas = flowSigmas(steps, shift);
  let x = gaussianNoise(n, req.seed);
  for (let i = 0; i < steps; i++) {
    throwIfAborted(req.signal);
    report(2 + i, `Denoising, step ${i + 1} of ${steps}`);
    x = flowStep(x, await velocity(x, sigmas[i]!), sigmas[i]!, sigmas[i + 1]!);
  }

  throwIfAborted(req.signal);
  report(steps + 2, 'Decoding the frames');
  const vae = await ctx.session('vae_decoder', req.signal);
  const decoded = await vae.run(
    { latent_sample: { type: 'float32', dims: [1, C, F, h, w], data: x } },
    req.signal ? { signal: req.signal } : {},
  );
  const out = (decoded.sample ?? Object.values(decoded)[0])!;
  const [, , FF, H, W] = out.dims as [number, number, number, number, number];
  const data = out.data as Float32Array;
  // [1, 3, F, H, W] → one planar [3, H, W] per frame.
  const plane = H * W;
  const result: Uint8ClampedArray[] = [];
  for (let f = 0; f < FF; f++) {
    const one = new Float32Array(3 * plane);
    for (let c = 0; c < 3; c++) one.set(data.subarray((c * FF + f) * plane, (c * FF + f + 1) * plane), c * plane);
    result.push(planarToRgba(one, W, H));
  }
  report(total, 'Done');
  return { width: W, height: H, fps, frames: result };
}
