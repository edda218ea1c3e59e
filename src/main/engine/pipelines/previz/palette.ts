import type { Style, TimeOfDay } from '../../../../shared/domain';

/** An sRGB colour as 0..255 channels. */
export type Rgb = readonly [number, number, number];

export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return [128, 128, 128];
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const clamp255 = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

export function toHex(c: Rgb): string {
  return '#' + c.map((v) => clamp255(v).toString(16).padStart(2, '0')).join('');
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function shade(c: Rgb, factor: number): Rgb {
  return [c[0] * factor, c[1] * factor, c[2] * factor];
}

export function luminance(c: Rgb): number {
  return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;
}

/** How the sky and the light look at a time of day. Sun and moon positions are fractions of the sky (x across, y up from the horizon). */
export interface TimeLight {
  skyTop: Rgb;
  skyMid: Rgb;
  skyHorizon: Rgb;
  sun: { x: number; y: number; color: Rgb; size: number } | null;
  moon: { x: number; y: number } | null;
  stars: number;
  /** The light falling on the set and the figures, and how strongly it tints them. */
  ambient: Rgb;
  ambientMix: number;
  /** Aerial perspective: far things fade towards this colour. */
  haze: Rgb;
  ground: Rgb;
  /** Windows, lamps and string lights glow. */
  lightsOn: boolean;
  /** The key light comes from the left (shading falls on the right). */
  keyLeft: boolean;
}

const hex = parseHex;

export const TIME_LIGHT: Record<TimeOfDay, TimeLight> = {
  dawn: {
    skyTop: hex('#27345e'),
    skyMid: hex('#7d6b9c'),
    skyHorizon: hex('#f3b38a'),
    sun: { x: 0.22, y: 0.04, color: hex('#ffd2a6'), size: 0.05 },
    moon: null,
    stars: 0.25,
    ambient: hex('#c7b1cf'),
    ambientMix: 0.3,
    haze: hex('#b49cb6'),
    ground: hex('#5b5566'),
    lightsOn: true,
    keyLeft: true,
  },
  morning: {
    skyTop: hex('#4f93d2'),
    skyMid: hex('#93c3ea'),
    skyHorizon: hex('#e4eff4'),
    sun: { x: 0.26, y: 0.45, color: hex('#fff6da'), size: 0.045 },
    moon: null,
    stars: 0,
    ambient: hex('#fff4e2'),
    ambientMix: 0.1,
    haze: hex('#c8dceb'),
    ground: hex('#6f7d62'),
    lightsOn: false,
    keyLeft: true,
  },
  noon: {
    skyTop: hex('#2c7bd3'),
    skyMid: hex('#74b0e8'),
    skyHorizon: hex('#d5e8f6'),
    sun: { x: 0.55, y: 0.92, color: hex('#ffffff'), size: 0.04 },
    moon: null,
    stars: 0,
    ambient: hex('#ffffff'),
    ambientMix: 0,
    haze: hex('#bfd8ee'),
    ground: hex('#7a8762'),
    lightsOn: false,
    keyLeft: true,
  },
  afternoon: {
    skyTop: hex('#3b84cc'),
    skyMid: hex('#86b6e1'),
    skyHorizon: hex('#e7eadb'),
    sun: { x: 0.72, y: 0.6, color: hex('#fff3cf'), size: 0.045 },
    moon: null,
    stars: 0,
    ambient: hex('#fff0d6'),
    ambientMix: 0.1,
    haze: hex('#cfdbe0'),
    ground: hex('#7c8460'),
    lightsOn: false,
    keyLeft: false,
  },
  'golden-hour': {
    skyTop: hex('#46689e'),
    skyMid: hex('#e5a56d'),
    skyHorizon: hex('#ffd07c'),
    sun: { x: 0.78, y: 0.14, color: hex('#ffd98a'), size: 0.06 },
    moon: null,
    stars: 0,
    ambient: hex('#ffc47e'),
    ambientMix: 0.3,
    haze: hex('#e9b78d'),
    ground: hex('#85724f'),
    lightsOn: false,
    keyLeft: false,
  },
  dusk: {
    skyTop: hex('#1b2250'),
    skyMid: hex('#6a4b89'),
    skyHorizon: hex('#ef8a5c'),
    sun: { x: 0.82, y: -0.015, color: hex('#ff9a5e'), size: 0.06 },
    moon: null,
    stars: 0.35,
    ambient: hex('#b48fb4'),
    ambientMix: 0.32,
    haze: hex('#7e5e88'),
    ground: hex('#4a3f52'),
    lightsOn: true,
    keyLeft: false,
  },
  night: {
    skyTop: hex('#04060e'),
    skyMid: hex('#0c152e'),
    skyHorizon: hex('#1f2b4b'),
    sun: null,
    moon: { x: 0.74, y: 0.74 },
    stars: 1,
    ambient: hex('#6677b0'),
    ambientMix: 0.55,
    haze: hex('#1b2542'),
    ground: hex('#1c2030'),
    lightsOn: true,
    keyLeft: true,
  },
};

/** How dark the set is at a time of day (multiplies lit colours before the ambient tint). */
export const EXPOSURE: Record<TimeOfDay, number> = {
  dawn: 0.82,
  morning: 1,
  noon: 1,
  afternoon: 1,
  'golden-hour': 0.95,
  dusk: 0.72,
  night: 0.42,
};

/**
 * The style's colour grade, applied to every colour the procedural drawing uses (imported plates
 * get the equivalent canvas filter). Noir returns exact greys so noir frames are R = G = B.
 */
export function grade(c: Rgb, style: Style): Rgb {
  switch (style) {
    case 'realistic':
      return c;
    case 'cinematic': {
      // Teal shadows, warm highlights, a touch of contrast: the "blockbuster" split tone.
      const l = luminance(c);
      const toned = mix(mix(c, [20, 92, 104], (1 - l) * 0.16), [255, 178, 110], l * l * 0.1);
      return toned.map((v) => 128 + (v - 128) * 1.08) as unknown as Rgb;
    }
    case 'anime': {
      const l = luminance(c) * 255;
      return c.map((v) => l + (v - l) * 1.3 + 6) as unknown as Rgb;
    }
    case 'noir': {
      // A lift, then an S-curve on luminance: deep blacks and bright highlights, but faces in
      // shadow still read.
      const l = Math.pow(luminance(c), 0.8);
      const s = l * l * (3 - 2 * l);
      const v = 255 * Math.min(1, Math.max(0, 0.5 + (s - 0.5) * 1.25));
      return [v, v, v];
    }
    case 'storybook': {
      const l = luminance(c) * 255;
      const soft = c.map((v) => l + (v - l) * 0.8) as unknown as Rgb;
      // Lifted blacks and a warm paper cast.
      return mix(soft, [255, 236, 200], 0.14).map((v) => 26 + v * 0.88) as unknown as Rgb;
    }
  }
}

/** The CSS filter that grades an imported plate image the way `grade` grades drawn colours. */
export const IMAGE_FILTER: Record<Style, string> = {
  realistic: 'none',
  cinematic: 'contrast(1.08) saturate(1.05)',
  anime: 'saturate(1.3) brightness(1.03)',
  noir: 'grayscale(1) contrast(1.35)',
  storybook: 'sepia(0.25) saturate(0.85) contrast(0.92)',
};

/** A colour as it appears in the shot: lit by the time of day, then graded by the style. */
export function lit(c: Rgb, time: TimeOfDay, style: Style, strength = 1): Rgb {
  const light = TIME_LIGHT[time];
  const exposure = 1 - (1 - EXPOSURE[time]) * strength;
  const tinted = mix(
    c,
    [(c[0] * light.ambient[0]) / 255, (c[1] * light.ambient[1]) / 255, (c[2] * light.ambient[2]) / 255],
    light.ambientMix * strength,
  );
  return grade(shade(tinted, exposure), style);
}

/** A CSS colour string, with alpha. */
export function css(c: Rgb, alpha = 1): string {
  const [r, g, b] = c.map(clamp255) as [number, number, number];
  return alpha >= 1 ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${Math.max(0, alpha).toFixed(3)})`;
}
