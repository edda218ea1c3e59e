import { describe, expect, it } from 'vitest';
import {
  alphasCumprod,
  eulerPlan,
  eulerStep,
  eulerTimesteps,
  flowSigmas,
  gaussianNoise,
  guide,
  lcmScalings,
  lcmStep,
  lcmTimesteps,
  sigmaAt,
} from '../../../../src/main/engine/pipelines/packs/schedulers';

describe('scheduler maths against reference values', () => {
  const ac = alphasCumprod();

  it("Stable Diffusion's scaled-linear schedule: σ_max 14.6146, σ_min 0.0292 (k-diffusion / diffusers)", () => {
    expect(ac[0]).toBeCloseTo(0.99915, 6);
    expect(ac[999]).toBeCloseTo(1 / (1 + 14.6146 ** 2), 6);
    expect(sigmaAt(ac, 999)).toBeCloseTo(14.6146, 3);
    expect(sigmaAt(ac, 0)).toBeCloseTo(0.029168, 5);
  });

  it('Euler timesteps per spacing, as diffusers sets them', () => {
    expect(eulerTimesteps(4, 'trailing')).toEqual([999, 749, 499, 249]);
    expect(eulerTimesteps(1, 'trailing')).toEqual([999]);
    expect(eulerTimesteps(4, 'leading')).toEqual([751, 501, 251, 1]);
    expect(eulerTimesteps(4, 'linspace')).toEqual([999, 666, 333, 0]);
    const plan = eulerPlan(1, 'trailing');
    expect(plan.sigmas).toHaveLength(2);
    expect(plan.sigmas[1]).toBe(0);
    expect(plan.initNoiseSigma).toBeCloseTo(14.6146, 3);
    expect(eulerPlan(4, 'leading').initNoiseSigma).toBeCloseTo(Math.sqrt(sigmaAt(ac, 751) ** 2 + 1), 6);
  });

  it('an Euler step to σ = 0 lands on x − σ·ε (the model\u2019s x₀)', () => {
    const x = Float32Array.from([10, -4]);
    const eps = Float32Array.from([0.5, 2]);
    expect([...eulerStep(x, eps, 2, 0)]).toEqual([9, -8]);
  });

  it('LCM timesteps for 1, 2 and 4 steps: [999], [999, 499], [999, 759, 499, 259]', () => {
    expect(lcmTimesteps(1)).toEqual([999]);
    expect(lcmTimesteps(2)).toEqual([999, 499]);
    expect(lcmTimesteps(4)).toEqual([999, 759, 499, 259]);
    expect(() => lcmTimesteps(0)).toThrow();
  });

  it('LCM boundary scalings and a last step that returns the blended x₀', () => {
    const { cSkip, cOut } = lcmScalings(999);
    expect(cSkip).toBeCloseTo(0.25 / (9990 ** 2 + 0.25), 12);
    expect(cOut).toBeCloseTo(1, 6);
    expect(lcmScalings(0)).toEqual({ cSkip: 1, cOut: 0 });
    const x = Float32Array.from([1]);
    const eps = Float32Array.from([0.3]);
    const a = ac[259]!;
    const x0 = (1 - Math.sqrt(1 - a) * 0.3) / Math.sqrt(a);
    const s = lcmScalings(259);
    expect(lcmStep(x, eps, 259, null, null, ac)[0]).toBeCloseTo(s.cOut * x0 + s.cSkip * 1, 5);
  });

  it('flow-matching sigmas with a resolution shift (σ = 0.5 → 0.75 at shift 3)', () => {
    expect(flowSigmas(2, 1)).toEqual([1, 0.5, 0]);
    expect(flowSigmas(2, 3)).toEqual([1, 0.75, 0]);
    expect(flowSigmas(4, 3)[1]).toBeCloseTo((3 * 0.75) / (1 + 2 * 0.75), 12);
  });

  it('classifier-free guidance and seeded noise', () => {
    expect([...guide(Float32Array.from([1, 1]), Float32Array.from([2, 3]), 7.5)]).toEqual([8.5, 16]);
    const a = gaussianNoise(20000, 42);
    expect(gaussianNoise(20000, 42)).toEqual(a);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
  });
});
