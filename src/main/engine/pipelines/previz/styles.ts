import type { Style } from '../../../../shared/domain';

export type CaptionLook = 'shadow' | 'box' | 'outline' | 'serif-box' | 'paper';

/** What a style preset changes besides the colour grade (palette.ts). */
export interface StyleLook {
  /** Film grain strength (0 = none). Animated per frame unless `grainStatic`. */
  grain: number;
  /** Storybook's paper texture does not crawl: one grain pattern for the whole shot. */
  grainStatic: boolean;
  /** Letterbox to 2.39:1 on frames wider than this ratio would leave room for (16:9 and wider). */
  letterbox: boolean;
  vignette: number;
  vignetteColor: string;
  /** Ink outline around figures and props, as a fraction of the frame height; 0 = none. */
  outline: number;
  outlineColor: string;
  /** Cel shading: hard-edged shade instead of a soft gradient. */
  cel: boolean;
  caption: CaptionLook;
  captionFont: 'sans' | 'serif';
}

export const STYLE_LOOK: Record<Style, StyleLook> = {
  cinematic: {
    grain: 0.012,
    grainStatic: false,
    letterbox: true,
    vignette: 0.42,
    vignetteColor: '#000000',
    outline: 0,
    outlineColor: '#000000',
    cel: false,
    caption: 'shadow',
    captionFont: 'sans',
  },
  realistic: {
    grain: 0.008,
    grainStatic: false,
    letterbox: false,
    vignette: 0.2,
    vignetteColor: '#000000',
    outline: 0,
    outlineColor: '#000000',
    cel: false,
    caption: 'box',
    captionFont: 'sans',
  },
  anime: {
    grain: 0,
    grainStatic: false,
    letterbox: false,
    vignette: 0.12,
    vignetteColor: '#1a1030',
    outline: 0.0032,
    outlineColor: '#1b1426',
    cel: true,
    caption: 'outline',
    captionFont: 'sans',
  },
  noir: {
    grain: 0.028,
    grainStatic: false,
    letterbox: false,
    vignette: 0.62,
    vignetteColor: '#000000',
    outline: 0,
    outlineColor: '#000000',
    cel: false,
    caption: 'serif-box',
    captionFont: 'serif',
  },
  storybook: {
    grain: 0.03,
    grainStatic: true,
    letterbox: false,
    vignette: 0.3,
    vignetteColor: '#4a2c12',
    outline: 0.0045,
    outlineColor: '#4a3222',
    cel: false,
    caption: 'paper',
    captionFont: 'serif',
  },
};

/** Letterbox bar height (fraction of the frame height) for a 2.39:1 picture, or 0 where it would not fit. */
export function letterboxBar(style: Style, width: number, height: number): number {
  if (!STYLE_LOOK[style].letterbox) return 0;
  const aspect = width / height;
  // Only landscape frames get bars; on 9:16 or 1:1 they would swallow the picture.
  if (aspect < 1.6 || aspect >= 2.39) return 0;
  const activeHeight = width / 2.39;
  return Math.round(((height - activeHeight) / 2 / height) * 10000) / 10000;
}
