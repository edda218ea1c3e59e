import { z } from 'zod';

/** What a cameo shows: a person gets the liveness check; animals and objects skip it. */
export const CAMEO_KINDS = ['person', 'animal', 'object'] as const;
export type CameoKind = (typeof CAMEO_KINDS)[number];

/** Who may use a cameo, as its owner chose. */
export const CONSENT_POLICIES = ['only-me', 'approved', 'anyone'] as const;
export type ConsentPolicy = (typeof CONSENT_POLICIES)[number];
export const POLICY_LABELS: Record<ConsentPolicy, string> = {
  'only-me': 'Only me',
  approved: 'People I approve',
  anyone: 'Anyone',
};

/** verified: a person who passed the liveness check; not-verified: an animal or object (no check applies). */
export const CAMEO_STATUSES = ['verified', 'not-verified', 'revoked'] as const;
export type CameoStatus = (typeof CAMEO_STATUSES)[number];

/** Every place a cameo can flow to; each one is checked and logged. */
export const CAMEO_USES = ['render', 'export', 'upload'] as const;
export type CameoUse = (typeof CAMEO_USES)[number];

export const GRANT_STATES = ['pending', 'approved', 'denied', 'revoked'] as const;
export type GrantState = (typeof GRANT_STATES)[number];

export const ProfileSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });
export type Profile = z.infer<typeof ProfileSchema>;

/** The liveness check of a capture: each check's score beside the threshold it had to pass. */
export const LivenessSchema = z.object({
  passed: z.boolean(),
  kind: z.enum(CAMEO_KINDS),
  framesAnalyzed: z.number().int(),
  seconds: z.number(),
  singleFace: z
    .object({ passed: z.boolean(), fraction: z.number(), threshold: z.number(), noFace: z.number(), manyFaces: z.number() })
    .nullable(),
  headTurn: z.object({ passed: z.boolean(), minYaw: z.number(), maxYaw: z.number(), threshold: z.number(), method: z.string() }).nullable(),
  phrase: z.object({ passed: z.boolean(), phrase: z.string(), score: z.number(), threshold: z.number() }).nullable(),
  /** What the anti-spoofing and liveness models of human-models say (reported, not decisive). */
  antispoof: z.object({ real: z.number().nullable(), live: z.number().nullable() }).nullable(),
  /** Why it failed, in words a user can act on (empty when it passed). */
  reasons: z.array(z.string()),
});
export type Liveness = z.infer<typeof LivenessSchema>;

/** How a voice sounds, measured from the capture's speech. */
export const VoiceProfileSchema = z.object({
  medianHz: z.number(),
  p10Hz: z.number(),
  p90Hz: z.number(),
  /** p10 to p90, in semitones. */
  rangeSemitones: z.number(),
  /** Syllable-like energy peaks per second of speech. */
  syllablesPerSecond: z.number(),
  voicedSeconds: z.number(),
  /** Where the voice's formants lie against each base flite voice, in semitones (null: not measured). */
  formants: z.object({ kal: z.number(), slt: z.number() }).nullable().default(null),
});
export type VoiceProfile = z.infer<typeof VoiceProfileSchema>;

const BoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

export const CameoFrameSchema = z.object({
  /** Media-relative paths. */
  image: z.string(),
  crop: z.string(),
  cutout: z.string(),
  matte: z.string(),
  /** Degrees; negative: turned to the subject's right. 0 for animals and objects. */
  yaw: z.number(),
  /** The face and the mouth, as fractions of the cut-out image (null without a face). */
  face: BoxSchema.nullable(),
  mouth: BoxSchema.nullable(),
});
export type CameoFrame = z.infer<typeof CameoFrameSchema>;

export const LikenessGuardSchema = z.object({
  state: z.enum(['clear', 'pending', 'approved', 'denied']),
  matchedCameoId: z.string().nullable(),
  matchedOwnerId: z.string().nullable(),
  matchedOwnerName: z.string().nullable(),
  similarity: z.number().nullable(),
});
export type LikenessGuard = z.infer<typeof LikenessGuardSchema>;

/** Whether the active profile may use a cameo, and why (for the UI and errors). */
export const UseStateSchema = z.enum(['owner', 'allowed', 'requested', 'denied', 'not-allowed', 'revoked', 'guarded']);
export type UseState = z.infer<typeof UseStateSchema>;

export const CameoSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CAMEO_KINDS),
  ownerId: z.string(),
  ownerName: z.string(),
  status: z.enum(CAMEO_STATUSES),
  policy: z.enum(CONSENT_POLICIES),
  thumbnail: z.string().nullable(),
  createdAt: z.string(),
  guard: LikenessGuardSchema,
  useState: UseStateSchema,
});
export type CameoSummary = z.infer<typeof CameoSummarySchema>;

export const GrantSchema = z.object({
  profileId: z.string(),
  profileName: z.string(),
  state: z.enum(GRANT_STATES),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  /** What the request was for (the first use that asked). */
  use: z.enum(CAMEO_USES),
});
export type Grant = z.infer<typeof GrantSchema>;

export const UsageEntrySchema = z.object({
  id: z.number(),
  profileId: z.string(),
  profileName: z.string(),
  use: z.enum(CAMEO_USES),
  projectId: z.string().nullable(),
  detail: z.string(),
  at: z.string(),
});
export type UsageEntry = z.infer<typeof UsageEntrySchema>;

export const CameoDetailSchema = CameoSummarySchema.extend({
  liveness: LivenessSchema,
  challengePhrase: z.string().nullable(),
  frames: z.array(CameoFrameSchema),
  voice: VoiceProfileSchema.nullable(),
  voiceSamples: z.array(z.string()),
  /** The original capture (media-relative), kept so the owner can review it. */
  capture: z.string(),
  grants: z.array(GrantSchema),
  usage: z.array(UsageEntrySchema),
  /** Takes and exports made before a revocation, counted. */
  revokedOutputs: z.number().int(),
  /** The feed this cameo's permission policy is published to (its id there), or null. */
  feed: z.object({ url: z.string(), cameoId: z.string() }).nullable(),
  /** For a cameo shared from another studio: its owner on the feed, and the grant this studio holds. */
  shared: z
    .object({
      feedUrl: z.string(),
      owner: z.string(),
      grant: z.object({ state: z.enum(['none', 'pending', 'granted', 'revoked', 'refused']), expiresAt: z.string().nullable() }),
    })
    .nullable(),
});
export type CameoDetail = z.infer<typeof CameoDetailSchema>;

export const NotificationSchema = z.object({
  id: z.number(),
  kind: z.enum(['request', 'use', 'decision', 'revoked', 'guard']),
  message: z.string(),
  cameoId: z.string().nullable(),
  at: z.string(),
  read: z.boolean(),
});
export type Notification = z.infer<typeof NotificationSchema>;

/** A capture's limits: longer clips are refused before any work starts. */
export const CAPTURE_LIMITS = { maxSeconds: 60, minSeconds: 1.5, maxBytes: 200 * 2 ** 20 } as const;

/** Typical fundamental frequency of each built-in flite voice (Hz). */
export const FLITE_F0: Record<'kal' | 'awb' | 'rms' | 'slt', number> = { kal: 105, awb: 110, rms: 105, slt: 170 };
/** A comfortable speaking pace of flite at rate 1 (syllable-like peaks per second). */
const FLITE_SYLLABLES_PER_SECOND = 4;

/**
 * A flite voice matched to a voice profile: the nearer base voice by pitch, shifted to the
 * profile's median pitch and formants, at the profile's pace. Voice matching, not cloning.
 */
export function matchVoice<V extends { engine: string; voiceId: string; rate: number; pitch: number; formant?: number | undefined }>(
  p: VoiceProfile,
  current: V,
): V {
  const id = p.medianHz >= 145 ? 'slt' : 'kal';
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  const pitch = Math.round(clamp(12 * Math.log2(p.medianHz / FLITE_F0[id]), -12, 12) * 2) / 2;
  const rate = Math.round(clamp(p.syllablesPerSecond / FLITE_SYLLABLES_PER_SECOND, 0.5, 2) * 20) / 20;
  const formant = p.formants ? Math.round(clamp(p.formants[id], -6, 6) * 2) / 2 : 0;
  return { ...current, engine: 'flite', voiceId: id, pitch, rate, formant };
}
