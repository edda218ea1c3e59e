import { describe, expect, it } from 'vitest';
import {
  SUPPORTED_FPS,
  clampFrame,
  convertFrames,
  durationLabel,
  formatTimecode,
  formatTimeLeft,
  framesToMs,
  framesToSeconds,
  msToFrames,
  parseTimecode,
  secondsToFrames,
  sumFrames,
} from '../../../src/shared/time';

describe('secondsToFrames', () => {
  it('converts whole and fractional seconds to whole frames', () => {
    expect(secondsToFrames(4, 24)).toBe(96);
    expect(secondsToFrames(4.5, 24)).toBe(108);
    expect(secondsToFrames(1, 25)).toBe(25);
    expect(secondsToFrames(0, 60)).toBe(0);
  });

  it('rounds to the nearest frame, half a frame up', () => {
    expect(secondsToFrames(0.51 / 24, 24)).toBe(1);
    expect(secondsToFrames(0.49 / 24, 24)).toBe(0);
    expect(secondsToFrames(0.5 / 24, 24)).toBe(1);
    expect(secondsToFrames(0.02, 25)).toBe(1); // exactly half a frame at 25 fps
    expect(secondsToFrames(1.5 / 30, 30)).toBe(2);
  });

  it('rounds decimal half-frame values up even when the float product falls just short', () => {
    // 0.58 s at 25 fps is exactly 14.5 frames, but 0.58 * 25 === 14.499999999999998 in floating point.
    expect(secondsToFrames(0.58, 25)).toBe(15);
    expect(secondsToFrames(2.26, 25)).toBe(57);
    expect(secondsToFrames(4.02, 25)).toBe(101);
  });

  it('keeps the sign of negative durations', () => {
    expect(secondsToFrames(-1, 24)).toBe(-24);
    expect(secondsToFrames(-2.5, 30)).toBe(-75);
  });

  it('rejects an fps that is not a positive integer and seconds that are not finite', () => {
    expect(() => secondsToFrames(1, 0)).toThrow(RangeError);
    expect(() => secondsToFrames(1, -24)).toThrow(/fps must be a positive integer/);
    expect(() => secondsToFrames(1, 23.976)).toThrow(/fps/);
    expect(() => secondsToFrames(Number.NaN, 24)).toThrow(/finite/);
    expect(() => secondsToFrames(Number.POSITIVE_INFINITY, 24)).toThrow(/finite/);
  });
});

describe('framesToSeconds / ms helpers', () => {
  it('is the inverse of secondsToFrames on whole frames', () => {
    for (const fps of SUPPORTED_FPS) {
      for (const frames of [0, 1, fps - 1, fps, 7 * fps + 3, -fps]) {
        expect(secondsToFrames(framesToSeconds(frames, fps), fps)).toBe(frames);
      }
    }
    expect(framesToSeconds(108, 24)).toBe(4.5);
    expect(() => framesToSeconds(1, 0)).toThrow(RangeError);
  });

  it('converts milliseconds, rounding half a frame up', () => {
    expect(msToFrames(1000, 30)).toBe(30);
    expect(msToFrames(20, 25)).toBe(1);
    expect(msToFrames(19, 25)).toBe(0);
    expect(framesToMs(36, 24)).toBe(1500);
  });

  it('rounds integer-millisecond half frames up (580 ms at 25 fps is 14.5 frames)', () => {
    expect(msToFrames(580, 25)).toBe(15);
    expect(msToFrames(1140, 25)).toBe(29);
  });
});

describe('convertFrames', () => {
  it('keeps the wall-clock duration between frame rates', () => {
    expect(convertFrames(96, 24, 48)).toBe(192);
    expect(convertFrames(100, 25, 50)).toBe(200);
    expect(convertFrames(24, 24, 30)).toBe(30);
    expect(convertFrames(60, 60, 24)).toBe(24);
    expect(convertFrames(0, 24, 60)).toBe(0);
  });

  it('rounds to the nearest whole frame', () => {
    expect(convertFrames(1, 24, 25)).toBe(1); // 1.0417
    expect(convertFrames(5, 24, 30)).toBe(6); // 6.25
    expect(convertFrames(2, 24, 30)).toBe(3); // 2.5 rounds up
    expect(convertFrames(-24, 24, 30)).toBe(-30);
  });

  it('rejects bad frame rates', () => {
    expect(() => convertFrames(1, 0, 24)).toThrow(RangeError);
    expect(() => convertFrames(1, 24, 29.97)).toThrow(RangeError);
  });
});

describe('formatTimecode / parseTimecode', () => {
  it('formats HH:MM:SS:FF', () => {
    expect(formatTimecode(0, 24)).toBe('00:00:00:00');
    expect(formatTimecode(23, 24)).toBe('00:00:00:23');
    expect(formatTimecode(24, 24)).toBe('00:00:01:00');
    expect(formatTimecode(25 * 61 + 5, 25)).toBe('00:01:01:05');
    expect(formatTimecode(60 * 3600 + 59, 60)).toBe('01:00:00:59');
    expect(formatTimecode(30 * (10 * 3600 + 2 * 60 + 3) + 4, 30)).toBe('10:02:03:04');
  });

  it('puts a minus in front of negative values', () => {
    expect(formatTimecode(-25, 24)).toBe('-00:00:01:01');
    expect(parseTimecode('-00:00:01:01', 24)).toBe(-25);
  });

  it.each([24, 25, 30, 60])('round-trips every kind of value at %i fps', (fps) => {
    const samples = [
      0,
      1,
      fps - 1,
      fps,
      fps + 1,
      59 * fps + fps - 1,
      60 * fps,
      3600 * fps - 1,
      3600 * fps,
      99 * 3600 * fps + 12,
      -1,
      -(61 * fps + 2),
    ];
    for (const frames of samples) {
      const tc = formatTimecode(frames, fps);
      expect(tc).toMatch(/^-?\d{2,}:\d{2}:\d{2}:\d{2}$/);
      expect(parseTimecode(tc, fps)).toBe(frames);
    }
  });

  it('round-trips every frame of a minute and a bit at 30 fps', () => {
    for (let f = 0; f < 30 * 70; f++) expect(parseTimecode(formatTimecode(f, 30), 30)).toBe(f);
  });

  it('accepts the short forms MM:SS:FF and SS:FF and surrounding spaces', () => {
    expect(parseTimecode('01:02:03', 24)).toBe((60 + 2) * 24 + 3);
    expect(parseTimecode('02:03', 25)).toBe(2 * 25 + 3);
    expect(parseTimecode('  00:00:01:00 ', 30)).toBe(30);
  });

  it.each([
    [''],
    ['-'],
    ['12'],
    ['1:2:3:4:5'],
    ['aa:bb:cc:dd'],
    ['00:00:01.5'],
    ['00:00:-1:00'],
    ['+00:00:01:00'],
    ['00::01:00'],
    ['--00:00:01:00'],
    ['00:00:01:00 extra'],
  ])('rejects the malformed timecode %j', (text) => {
    expect(() => parseTimecode(text, 24)).toThrow(/not a timecode/);
  });

  it('rejects fields out of range for the frame rate', () => {
    expect(() => parseTimecode('00:00:00:24', 24)).toThrow(/out of range/);
    expect(() => parseTimecode('00:00:00:25', 25)).toThrow(/at 25 fps/);
    expect(parseTimecode('00:00:00:29', 30)).toBe(29);
    expect(() => parseTimecode('00:00:60:00', 30)).toThrow(/out of range/);
    expect(() => parseTimecode('00:60:00:00', 30)).toThrow(/out of range/);
    expect(() => parseTimecode('00:00:00:00', 0)).toThrow(/fps/);
  });
});

describe('durationLabel, sumFrames, clampFrame', () => {
  it('labels a duration in seconds (2 decimals) and frames', () => {
    expect(durationLabel(108, 24)).toBe('4.5 s · 108 f');
    expect(durationLabel(1, 30)).toBe('0.03 s · 1 f');
    expect(durationLabel(0, 24)).toBe('0 s · 0 f');
    expect(durationLabel(-48, 24)).toBe('-2 s · -48 f');
  });

  it('sums integer frame counts and refuses fractions', () => {
    expect(sumFrames([])).toBe(0);
    expect(sumFrames([96, 120, -6])).toBe(210);
    expect(() => sumFrames([96, 1.5])).toThrow(/integers, got 1.5/);
    expect(() => sumFrames([Number.NaN])).toThrow(RangeError);
  });

  it('clamps to [0, length - 1], rounding to a whole frame', () => {
    expect(clampFrame(5, 10)).toBe(5);
    expect(clampFrame(-3, 10)).toBe(0);
    expect(clampFrame(12, 10)).toBe(9);
    expect(clampFrame(2.6, 10)).toBe(3);
    expect(clampFrame(9.7, 10)).toBe(9);
    expect(clampFrame(5, 0)).toBe(0);
    expect(clampFrame(5, -4)).toBe(0);
  });

  it('never returns a value outside the range, even for NaN', () => {
    const out = clampFrame(Number.NaN, 10);
    expect(out).toBeGreaterThanOrEqual(0);
    expect(out).toBeLessThanOrEqual(9);
  });
});

describe('formatTimeLeft', () => {
  it('rounds up and switches to minutes, then hours', () => {
    expect(formatTimeLeft(0)).toBe('0 s');
    expect(formatTimeLeft(0.2)).toBe('1 s');
    expect(formatTimeLeft(59.5)).toBe('1 min 00 s');
    expect(formatTimeLeft(185)).toBe('3 min 05 s');
    expect(formatTimeLeft(3600)).toBe('1 h 00 min');
    expect(formatTimeLeft(3725)).toBe('1 h 02 min');
    expect(formatTimeLeft(-3)).toBe('0 s');
  });
});
