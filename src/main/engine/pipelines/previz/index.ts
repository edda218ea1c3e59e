/**
 * Previz: the built-in, procedural shot renderer (labelled "Previz" everywhere). A shot is first
 * planned (a pure, hashable description of its pixels), then drawn by compositing layers that are
 * pre-rendered once per shot.
 */
export { PREVIZ_VERSION, planShot } from './plan';
export { createShotRenderer, planCaptionBands, planLetterbox, planTitleBand, renderThumbnail } from './renderer';
export { chestPoint } from './draw/figure';
export { layerTransform, shotProgress } from './camera';
export type * from './types';
