import type { CameraMove, Depth, Facing, Project, ShotType, StagePosition, Style, TimeOfDay } from '../../../../shared/domain';

/** Output picture size in pixels (even numbers; ffmpeg's yuv420p needs them). */
export interface FrameSize {
  width: number;
  height: number;
}

/** Options a render or a thumbnail passes to the planner. */
export interface PlanOptions {
  size: FrameSize;
  /** Show a title card (shot number + title) over the first second. */
  titleCard?: boolean;
  /**
   * Resolves a location id to an absolute path of its imported plate image, or null for a
   * procedural plate. The file's bytes (hashed by the caller) are part of the take's content hash.
   */
  locationImage?: (locationId: string) => string | null;
  /** A generated keyframe (absolute path) that replaces the location's plate in this shot. */
  plate?: string | null;
  /**
   * The cut-out of the cameo bound to a character, picked for the way the figure faces (null when
   * the character has no usable cameo). Cut-out files never change once written (a re-capture
   * writes new ones), so their paths stand for their bytes in the content hash.
   */
  cameo?: ((cameoId: string, facing: Facing) => CameoCutout | null) | undefined;
}

/** A cameo's cut-out for previz: an RGBA PNG, with the face and mouth as fractions of it. */
export type CameoCutout = {
  path: string;
  face: { x: number; y: number; width: number; height: number };
  mouth: { x: number; y: number; width: number; height: number } | null;
};

/**
 * Everything that decides a shot's pixels, resolved from the project (continuity carried, style,
 * colours, seed): a plain JSON value. Its canonical JSON is hashed into the take's content hash,
 * so anything the drawing reads MUST be in here and nothing else may be read while drawing.
 */
export type PrevizPlan = Record<string, unknown> & {
  version: string;
  size: FrameSize;
  fps: number;
  durationFrames: number;
};

/** Draws the frames of one planned shot. `frame(i)` returns raw RGBA pixels (width*height*4 bytes). */
export interface PrevizShotRenderer {
  readonly plan: PrevizPlan;
  /** Mouth shapes per frame (one viseme letter per frame) for speaking characters, by character id. */
  setMouths(tracks: Record<string, string>): void;
  frame(index: number): Buffer;
  /** Frame `index` as a JPEG still (the take's thumbnail). */
  still(index: number): Buffer;
  dispose(): void;
}

export type PlanShot = (project: Project, shotIndex: number, opts: PlanOptions) => PrevizPlan;

/** Where a figure stands relative to the camera: upright, an over-the-shoulder back, or seen from above. */
export type FigureRole = 'standing' | 'shoulder' | 'top-down';

export type HairStyle = 'short' | 'long' | 'bun' | 'curly' | 'ponytail' | 'buzz' | 'bald';
export type OuterWear = 'none' | 'jacket' | 'coat' | 'hoodie' | 'apron' | 'dress' | 'suit';
export type HeadWear = 'none' | 'hat' | 'cap' | 'beanie' | 'veil' | 'hood';

/**
 * How a character looks in one shot: proportions and skin from a hash of the character id and the
 * project seed (stable across shots), hair and clothing from the resolved look and wardrobe text.
 */
export type FigureLook = {
  /** Main clothing colour: the character's colour, so a character is recognisable in every shot. */
  color: string;
  skin: string;
  legs: string;
  /** Head size relative to the body, shoulder and hip half-widths as fractions of the body height. */
  headScale: number;
  shoulders: number;
  hips: number;
  hair: HairStyle;
  hairColor: string;
  beard: boolean;
  beardColor: string;
  glasses: boolean;
  outer: OuterWear;
  outerColor: string;
  headwear: HeadWear;
  headwearColor: string;
  scarf: boolean;
  /** A garment tied around the waist ("jacket tied around her waist"). */
  waistTie: boolean;
};

export type PlanFigure = {
  characterId: string;
  role: FigureRole;
  position: StagePosition;
  depth: Depth;
  facing: Facing;
  /** Feet centre as fractions of the frame (x of the width, y of the height); may lie outside 0..1. */
  x: number;
  footY: number;
  /** Full body height as a fraction of the frame height. */
  height: number;
  /** 0 = infinitely far, 1 = at the lens: how strongly camera moves displace this figure. */
  parallax: number;
  /** Depth-of-field blur radius as a fraction of the frame height. */
  blur: number;
  look: FigureLook;
  /** The character speaks in this shot: its mouth is drawn per frame from the lip-sync track. */
  speaks: boolean;
  /** The cameo cut-out drawn in place of the figure's head and shoulders (absent without a cameo). */
  cutout?: CameoCutout;
};

export type PlanCaption = {
  /** First frame shown and the frame after the last one. */
  start: number;
  end: number;
  speaker: string;
  color: string;
  /** "NAME: text", as shown. */
  text: string;
};

export type SceneBiome = 'city' | 'coast' | 'forest' | 'mountains' | 'desert' | 'fields';
export type ScenePropKind =
  | 'string-lights'
  | 'water-tower'
  | 'door'
  | 'lamp'
  | 'planters'
  | 'bench'
  | 'fence'
  | 'ledge'
  | 'counter'
  | 'bed'
  | 'sofa'
  | 'shelves'
  | 'table'
  | 'picture';

export type PlanLocation = {
  /** null: no location set; a neutral exterior. */
  id: string | null;
  /** Shown only in errors about the plate image. */
  name: string;
  interior: boolean;
  biome: SceneBiome;
  props: ScenePropKind[];
  /** Seeds the plate: the location id and the project seed, never the shot, so a place looks the same in every shot. */
  seed: number;
  /** Absolute path of an imported plate image, drawn cover-fit instead of the procedural plate. */
  image: string | null;
};

/** The camera's view of the set for this shot type. */
export type PlanView = {
  /** Horizon (eye line) as a fraction of the frame height. */
  horizon: number;
  /** Magnification of the set behind the figures (closer shots see less of it, larger). */
  zoom: number;
  /** Height of a person standing on the set's midground line, as a fraction of the frame height: the scale of props. */
  setScale: number;
  /** Sideways look-offset into the set, in plate units, so different shots show different parts of one place. */
  offsetX: number;
  /** Depth-of-field blur of the plate as a fraction of the frame height. */
  blur: number;
  /** Top-down view (aerial): the set is drawn from above. */
  topDown: boolean;
};

export type PlanTitleCard = { label: string; title: string; frames: number };

/** The complete plan previz draws from (`PrevizPlan` with every field spelled out). */
export type ShotPlan = {
  version: string;
  size: FrameSize;
  fps: number;
  durationFrames: number;
  /** Per-shot randomness (grain, insert props): the project seed with the shot id. */
  seed: number;
  shot: { id: string; shotType: ShotType; cameraMove: CameraMove };
  style: Style;
  timeOfDay: TimeOfDay;
  location: PlanLocation;
  /** Letterbox bar height as a fraction of the frame height (0: none). */
  letterbox: number;
  view: PlanView;
  figures: PlanFigure[];
  captions: PlanCaption[];
  titleCard: PlanTitleCard | null;
};
