/** An RGBA frame (straight alpha, row-major). */
export interface RgbaFrame {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the face mesh and its companion models say about the one face in a frame. */
export interface FaceReading {
  /** Head yaw in degrees (0 facing the lens; the sign says which way it turned). */
  yaw: number;
  /** Face and mouth boxes in the frame's pixels (the mouth from the mesh's lip landmarks). */
  face: Box;
  mouth: Box | null;
  /** Identity embedding (unit length) when asked for. */
  embedding: Float32Array | null;
  /** Anti-spoofing ("a real face, not a picture") and liveness scores, 0..1, where the models ran. */
  real: number | null;
  live: number | null;
}

/**
 * The likeness models a capture needs beyond BlazeFace: face mesh (yaw, mouth), identity
 * embedding, anti-spoofing, and person segmentation. The built-in implementation runs
 * `@vladmandic/human` on the tfjs WASM backend.
 */
export interface FaceModels {
  readonly name: string;
  readFace(frame: RgbaFrame, o: { embedding: boolean }): Promise<FaceReading | null>;
  /** Foreground alpha per pixel (0..255), frame-sized. */
  segment(frame: RgbaFrame): Promise<Uint8Array>;
  /** Cosine similarity of two embeddings mapped to 0..1, as the model's own matcher reports it. */
  similarity(a: Float32Array, b: Float32Array): number;
}

/** Cosine similarity of two embeddings (1: the same direction). */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb + 1e-12);
}
