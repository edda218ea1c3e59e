/** Size limits of the document, shared by schemas and UI counters. */
export const LIMITS = {
  nameChars: 200,
  promptChars: 10_000,
  textChars: 5_000,
  notesChars: 10_000,
  shotsPerProject: 1_000,
  charactersPerProject: 200,
  linesPerShot: 200,
  cuesPerShot: 200,
  maxShotSeconds: 600,
  /** Upper bound for an imported `.shotline` file, before parsing. */
  documentBytes: 20 * 1024 * 1024,
} as const;
