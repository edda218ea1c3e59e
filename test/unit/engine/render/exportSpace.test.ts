import { describe, expect, it } from 'vitest';
import { exportSpaceBound } from '../../../../src/main/engine/render/exportTarget';

describe('exportSpaceBound (the most an export may need where it is written)', () => {
  it('covers the heaviest exports measured, with their signed copy beside them', () => {
    // npm run bench:takes, the sample storyboard (19.5 s at 24 fps): noir's grain at 1080p, crf 19,
    // wrote 42.1 MB; the cinematic sample at 720p, crf 23, 0.6 MB (noir 1.4 MB).
    expect(exportSpaceBound('1080p', 24, 19.5)).toBeGreaterThan(2 * 42.1e6);
    expect(exportSpaceBound('720p', 24, 19.5)).toBeGreaterThan(2 * 1.4e6);
    // And stays a size worth warning about: under 150 MB at 1080p and 60 MB at 720p for those 19.5 s.
    expect(exportSpaceBound('1080p', 24, 19.5)).toBeLessThan(150e6);
    expect(exportSpaceBound('720p', 24, 19.5)).toBeLessThan(60e6);
  });

  it('grows with the length, the frame rate and the picture, and shrinks as the crf rises', () => {
    expect(exportSpaceBound('720p', 24, 40)).toBeCloseTo(2 * exportSpaceBound('720p', 24, 20), -3);
    expect(exportSpaceBound('720p', 30, 20)).toBeGreaterThan(exportSpaceBound('720p', 24, 20));
    // 1080p is 2.25 times the pixels of 720p and 4 crf lower: more than 2.25 times the bytes.
    expect(exportSpaceBound('1080p', 24, 20) / exportSpaceBound('720p', 24, 20)).toBeGreaterThan(2.25);
    expect(exportSpaceBound('vertical', 24, 20)).toBeCloseTo(exportSpaceBound('1080p', 24, 20), -3);
  });
});
