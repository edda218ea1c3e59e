/*
 * Sampler maths for the generative pack pipelines, following the diffusers schedulers of the same
 * names (values checked in tests against published reference values). Everything is plain arrays;
 * the pipelines apply the steps elementwise to latents.
 */

export const TRAIN_STEPS = 1000;

/** Stable Diffusion's "scaled_linear" noise schedule: cumulative products of (1 − β). */
export function alphasCumprod(betaStart = 0.00085, betaEnd = 0.012, steps = TRAIN_STEPS): Float64Array {
  const out = new Float64Array(steps);
  const a = Math.sqrt(betaStart);
  const b = Math.sqrt(betaEnd);
  let prod = 1;
  for (let i = 0; i < steps; i++) {
    const beta = (a + ((b - a) * i) / (steps - 1)) ** 2;
    prod *= 1 - beta;
    out[i] = prod;
  }
  return out;
}

/** k-diffusion sigma of a training timestep (linear interpolation between integer timesteps). */
export function sigmaAt(ac: Float64Array, t: number): number {
  const lo = Math.floor(t);
  const hi = Math.min(ac.length - 1, lo + 1);
  const s = (i: number) => Math.sqrt((1 - ac[i]!) / ac[i]!);
  return s(lo) + (s(hi) - s(lo)) * (t - lo);
}

export type Spacing = 'linspace' | 'leading' | 'trailing';

/** The timesteps an N-step Euler run visits, highest first (diffusers' timestep_spacing). */
export function eulerTimesteps(n: number, spacing: Spacing = 'linspace'): number[] {
  if (n < 1) throw new RangeError('At least one step is needed.');
  if (spacing === 'linspace') return Array.from({ length: n }, (_, i) => ((TRAIN_STEPS - 1) * (n - 1 - i)) / Math.max(1, n - 1));
  if (spacing === 'leading') {
    const ratio = Math.floor(TRAIN_STEPS / n);
    return Array.from({ length: n }, (_, i) => (n - 1 - i) * ratio + 1);
  }
  const ratio = TRAIN_STEPS / n;
  return Array.from({ length: n }, (_, i) => Math.round(TRAIN_STEPS - i * ratio) - 1);
}

export interface EulerPlan {
  timesteps: number[];
  /** One more than timesteps: the last is 0. */
  sigmas: number[];
  /** Multiply unit gaussian noise by this to start. */
  initNoiseSigma: number;
}

export function eulerPlan(n: number, spacing: Spacing = 'linspace', ac = alphasCumprod()): EulerPlan {
  const timesteps = eulerTimesteps(n, spacing);
  const sigmas = [...timesteps.map((t) => sigmaAt(ac, t)), 0];
  const max = sigmas[0]!;
  return { timesteps, sigmas, initNoiseSigma: spacing === 'leading' ? Math.sqrt(max * max + 1) : max };
}

/** What the UNet sees at step i: the latent divided by √(σ² + 1). */
export function eulerScale(sigma: number): number {
  return 1 / Math.sqrt(sigma * sigma + 1);
}

/** One Euler step for an ε-predicting model: x + (σ_next − σ)·ε. */
export function eulerStep(x: Float32Array, eps: Float32Array, sigma: number, sigmaNext: number): Float32Array {
  const out = new Float32Array(x.length);
  const dt = sigmaNext - sigma;
  for (let i = 0; i < x.length; i++) out[i] = x[i]! + dt * eps[i]!;
  return out;
}

/** LCM's timesteps: N of the 50 "origin" steps of the distilled model, highest first. */
export function lcmTimesteps(n: number, originalSteps = 50): number[] {
  if (n < 1 || n > originalSteps) throw new RangeError(`LCM runs 1 to ${originalSteps} steps.`);
  const k = Math.floor(TRAIN_STEPS / originalSteps);
  const origin = Array.from({ length: originalSteps }, (_, i) => (i + 1) * k - 1).reverse();
  return Array.from({ length: n }, (_, i) => origin[Math.floor((i * originalSteps) / n)]!);
}

/** LCM's boundary-condition scalings at a timestep (σ_data 0.5, timestep scaling 10). */
export function lcmScalings(t: number): { cSkip: number; cOut: number } {
  const s = t * 10;
  return { cSkip: 0.25 / (s * s + 0.25), cOut: s / Math.sqrt(s * s + 0.25) };
}

/**
 * One LCM step: the model's ε gives x₀, blended with x by the boundary scalings; unless this was
 * the last step, noise of the next timestep's level is added back.
 */
export function lcmStep(
  x: Float32Array,
  eps: Float32Array,
  t: number,
  tNext: number | null,
  noise: Float32Array | null,
  ac = alphasCumprod(),
): Float32Array {
  const a = ac[t]!;
  const { cSkip, cOut } = lcmScalings(t);
  const out = new Float32Array(x.length);
  const sa = Math.sqrt(a);
  const sb = Math.sqrt(1 - a);
  for (let i = 0; i < x.length; i++) out[i] = cOut * ((x[i]! - sb * eps[i]!) / sa) + cSkip * x[i]!;
  if (tNext === null || !noise) return out;
  const an = ac[tNext]!;
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(an) * out[i]! + Math.sqrt(1 - an) * noise[i]!;
  return out;
}

/** Flow matching: σ from 1 to 0 in N steps, with the resolution shift σ' = shift·σ / (1 + (shift − 1)·σ). */
export function flowSigmas(n: number, shift = 1): number[] {
  if (n < 1) throw new RangeError('At least one step is needed.');
  return Array.from({ length: n + 1 }, (_, i) => {
    const s = 1 - i / n;
    return (shift * s) / (1 + (shift - 1) * s);
  });
}

/** One flow-matching Euler step: x + (σ_next − σ)·v. */
export function flowStep(x: Float32Array, v: Float32Array, sigma: number, sigmaNext: number): Float32Array {
  return eulerStep(x, v, sigma, sigmaNext);
}

/** Classifier-free guidance: uncond + g·(cond − uncond). */
export function guide(uncond: Float32Array, cond: Float32Array, scale: number): Float32Array {
  const out = new Float32Array(cond.length);
  for (let i = 0; i < cond.length; i++) out[i] = uncond[i]! + scale * (cond[i]! - uncond[i]!);
  return out;
}

/** Seeded standard-normal noise (mulberry32 + Box–Muller): the same seed gives the same picture. */
export function gaussianNoise(n: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}
