import { createCanvas } from '@napi-rs/canvas';
import { throwIfAborted } from '../../queue/jobErrors';
import { encodePrompt, num, planarToRgba, type PackContext } from './packContext';
import { alphasCumprod, eulerPlan, eulerScale, eulerStep, gaussianNoise, guide, lcmStep, lcmTimesteps, type Spacing } from './schedulers';

export type ImageScheduler = 'euler' | 'lcm' | 'turbo';

export interface KeyframeRequest {
  prompt: string;
  negativePrompt?: string;
  seed: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, stage: string) => void;
}

export interface Keyframe {
  width: number;
  height: number;
  png: Buffer;
  steps: number;
  scheduler: ImageScheduler;
}

/**
 * Text-to-image keyframe from a diffusers-ONNX pack: CLIP tokenizer → text encoder → UNet loop
 * (Euler, LCM or 1-step turbo, classifier-free guidance when guidance > 1) → VAE decoder → PNG.
 */
export async function generateKeyframe(ctx: PackContext, req: KeyframeRequest): Promise<Keyframe> {
  const cfg = ctx.manifest.config;
  const scheduler = (typeof cfg.scheduler === 'string' ? cfg.scheduler : 'euler') as ImageScheduler;
  const steps = Math.max(1, Math.round(num(cfg, 'steps', scheduler === 'turbo' ? 1 : 4)));
  const guidance = num(cfg, 'guidance', scheduler === 'euler' ? 7.5 : 1);
  const width = num(cfg, 'width', 512);
  const height = num(cfg, 'height', 512);
  const channels = num(cfg, 'latentChannels', 4);
  const vaeScale = num(cfg, 'vaeScale', 0.18215);
  const h = Math.floor(height / 8);
  const w = Math.floor(width / 8);
  const total = steps + 2;
  const report = (done: number, stage: string) => req.onProgress?.(done / total, stage);

  report(0, 'Encoding the prompt');
  const cond = await encodePrompt(ctx, req.prompt, req.signal);
  const uncond = guidance > 1 ? await encodePrompt(ctx, req.negativePrompt ?? '', req.signal) : null;
  const unet = await ctx.session('unet', req.signal);
  const n = channels * h * w;
  const shape = [1, channels, h, w];
  const ac = alphasCumprod();
  const predict = async (x: Float32Array, t: number): Promise<Float32Array> => {
    const run = async (hidden: { data: Float32Array; dims: number[] }) => {
      const out = await unet.run(
        {
          sample: { type: 'float32', dims: shape, data: x },
          timestep: { type: 'int64', dims: [1], data: BigInt64Array.from([BigInt(Math.round(t))]) },
          encoder_hidden_states: { type: 'float32', dims: hidden.dims, data: hidden.data },
        },
        req.signal ? { signal: req.signal } : {},
      );
      const o = out.out_sample ?? Object.values(out)[0];
      if (!o || o.data.length !== n) throw new Error(`The UNet returned ${o?.data.length ?? 0} values, expected ${n}.`);
      return o.data as Float32Array;
    };
    const c = await run(cond);
    return uncond ? guide(await run(uncond), c, guidance) : c;
  };

  let x = gaussianNoise(n, req.seed);
  if (scheduler === 'lcm') {
    const ts = lcmTimesteps(steps);
    for (let i = 0; i < ts.length; i++) {
      throwIfAborted(req.signal);
      report(1 + i, `Denoising, step ${i + 1} of ${steps}`);
      const eps = await predict(x, ts[i]!);
      const next = ts[i + 1] ?? null;
      x = lcmStep(x, eps, ts[i]!, next, next === null ? null : gaussianNoise(n, req.seed + 1 + i), ac);
    }
  } else {
    const spacing: Spacing = scheduler === 'turbo' ? 'trailing' : ((typeof cfg.spacing === 'string' ? cfg.spacing : 'leading') as Spacing);
    const plan = eulerPlan(steps, spacing, ac);
    for (let k = 0; k < n; k++) x[k] = x[k]! * plan.initNoiseSigma;
    for (let i = 0; i < steps; i++) {
      throwIfAborted(req.signal);
      report(1 + i, `Denoising, step ${i + 1} of ${steps}`);
      const sigma = plan.sigmas[i]!;
      const scale = eulerScale(sigma);
      const eps = await predict(
        x.map((v) => v * scale),
        plan.timesteps[i]!,
      );
      x = eulerStep(x, eps, sigma, plan.sigmas[i + 1]!);
    }
  }

  throwIfAborted(req.signal);
  report(steps + 1, 'Decoding the image');
  const vae = await ctx.session('vae_decoder', req.signal);
  const decoded = await vae.run(
    { latent_sample: { type: 'float32', dims: shape, data: x.map((v) => v / vaeScale) } },
    req.signal ? { signal: req.signal } : {},
  );
  const img = decoded.sample ?? Object.values(decoded)[0];
  if (!img) throw new Error('The VAE decoder returned nothing.');
  const [, , H, W] = img.dims as [number, number, number, number];
  const canvas = createCanvas(W, H);
  const c2d = canvas.getContext('2d');
  const data = c2d.createImageData(W, H);
  data.data.set(planarToRgba(img.data as Float32Array, W, H));
  c2d.putImageData(data, 0, 0);
  report(total, 'Done');
  return { width: W, height: H, png: await canvas.encode('png'), steps, scheduler };
}
