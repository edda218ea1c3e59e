import { z } from 'zod';
import {
  CharacterSchema,
  ContinuitySchema,
  DialogueLineSchema,
  IdSchema,
  LocationSchema,
  MusicBedSchema,
  ProjectSchema,
  ProjectSettingsSchema,
  ProjectSummarySchema,
  ShotEngineSchema,
  ShotSchema,
  SoundCueSchema,
} from '../domain/schemas';
import { EXPORT_PRESETS, JobProgressSchema, QueueSnapshotSchema } from '../jobs';
import { ModelViewSchema, ProviderChoiceSchema, RuntimeViewSchema } from '../models';
import { CAMEO_CALLS } from './cameoCalls';
import { call, event } from './define';
import { FEED_CALLS } from './feedCalls';

const projectId = { projectId: IdSchema };

const jobId = z.object({ jobId: z.string().min(1).max(64) });

export const CredentialsInfoSchema = z.object({
  /** Content credentials are signed with a certificate this studio made for itself on first run. */
  selfSigned: z.boolean(),
  subject: z.string(),
  fingerprint: z.string(),
});

export const PackInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  task: z.string(),
  version: z.string(),
  bytes: z.number(),
  licence: z.object({ name: z.string(), text: z.string().nullable(), accepted: z.boolean() }),
  source: z.string(),
  alreadyInstalled: z.boolean(),
});

/** An export's file name: one that macOS, Linux and Windows can all make. */
export const ExportFileNameSchema = z
  .string()
  .trim()
  .min(1, 'File name must not be empty')
  .max(200)
  .regex(/^[^/\\:*?"<>|]+$/, 'File name must not contain / \\ : * ? " < > |')
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 32), 'File name must not contain control characters')
  // Windows cannot make these (its device names, with any extension; a name ending in a dot).
  .refine(
    (s) => !/^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i.test(s),
    'File name must not be a name Windows reserves (CON, PRN, AUX, NUL, COM1…, LPT1…)',
  )
  .refine((s) => !s.endsWith('.'), 'File name must not end in a dot');

export const ExportRequestSchema = z.object({
  projectId: IdSchema,
  preset: z.enum(EXPORT_PRESETS),
  /** Destination folder; the exports folder of the data directory when omitted. */
  directory: z.string().min(1).max(4096).optional(),
  fileName: ExportFileNameSchema,
  /** Burned into the watermark beside "Shotline" and named in the credentials. */
  creator: z.string().trim().max(200),
  srt: z.boolean().optional(),
  fcpxml: z.boolean().optional(),
  titleCards: z.boolean().optional(),
  /** Replace a file of that name in the folder (and its .srt, .fcpxml and .premiere.xml); without it, an existing file is a CONFLICT. */
  overwrite: z.boolean().optional(),
});
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

export const RenderPlanSchema = z.object({
  /** The shot render jobs the plan waits for, queued now or already running: one per shot whose take is not cached. */
  shotJobIds: z.array(z.string()),
  /** Every job the plan waits for besides the export: the shot renders and what they need first (lines to speak, pack clips). */
  jobIds: z.array(z.string()),
  cachedShots: z.number().int(),
  /** Shots whose take was found damaged on disk (cut short, changed) and is rendered again. */
  damagedShots: z.number().int(),
  exportJobId: z.string().nullable(),
  /** Where the export will be written. */
  outputPath: z.string().nullable(),
});
export type RenderPlan = z.infer<typeof RenderPlanSchema>;

const CacheBucketSchema = z.object({ count: z.number().int(), bytes: z.number() });
/**
 * The takes in the render cache, by what still uses them: `current`, a shot shows it (or a job that
 * may still run needs it); `older`, only as an earlier version a shot still lists (stale or revoked,
 * or a render at another size); `unused`, nothing names it.
 */
export const CacheUsageSchema = z.object({ current: CacheBucketSchema, older: CacheBucketSchema, unused: CacheBucketSchema });
export type CacheUsage = z.infer<typeof CacheUsageSchema>;

/** Commands the application menu sends to the focused window. */
export const MENU_COMMANDS = [
  'undo',
  'redo',
  'newShot',
  'duplicateShot',
  'deleteShot',
  'renderSelectedShots',
  'renderAndExport',
  'toggleQueue',
  'newProject',
  'openProjects',
  'importProject',
  'exportProject',
  'showShortcuts',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
const Project = ProjectSchema;
const withId = <K extends string>(key: K) =>
  z.object({ project: Project, [key]: IdSchema } as { project: typeof Project } & Record<K, typeof IdSchema>);

/** Fields of a shot that `shots:update` may change; lines, cues and takes have calls of their own. */
export const ShotPatchSchema = ShotSchema.omit({ id: true, dialogue: true, sound: true, takes: true })
  .partial()
  // A partial schema still fills defaults in; a patch must leave the engine alone unless it names one.
  .extend({ engine: ShotEngineSchema.optional() });
export type ShotPatch = z.infer<typeof ShotPatchSchema>;
export const CharacterPatchSchema = CharacterSchema.omit({ id: true }).partial();
// The trims' defaults must not fill a patch that leaves them out (they would reset a trimmed line).
export const DialoguePatchSchema = DialogueLineSchema.omit({ id: true, trimStartFrames: true, trimEndFrames: true }).partial().extend({
  trimStartFrames: DialogueLineSchema.shape.trimStartFrames.unwrap().optional(),
  trimEndFrames: DialogueLineSchema.shape.trimEndFrames.unwrap().optional(),
});
export const SoundCuePatchSchema = SoundCueSchema.omit({ id: true }).partial();
export const LocationPatchSchema = LocationSchema.omit({ id: true, imagePath: true })
  .partial()
  // Without this, the default would clear an imported plate on every other change (a rename).
  .extend({ imagePath: LocationSchema.shape.imagePath.unwrap().optional() });
export const ContinuityPatchSchema = ContinuitySchema.omit({ locations: true }).partial();

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** "electron" inside the desktop app, "server" when driven from a browser over WebSocket. */
  transport: z.enum(['electron', 'server']),
  dataDir: z.string(),
  logDir: z.string(),
  libraryRoots: z.array(z.string()),
  node: z.string(),
  platform: z.string(),
  /** The id this caller's edits carry in change events, so it can ignore its own echo. */
  clientId: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const ImportResultSchema = z.object({ project: Project, migratedFrom: z.number().int() });

/**
 * Every call of the studio, keyed `domain:verb`. The main process (or the server) parses each
 * input with its schema before a service sees it and answers with `Result<output>`.
 */
export const CALLS = {
  /** Version, transport, and where data and logs live. */
  'app:info': call(z.object({}), AppInfoSchema),
  /** The recorder opened or closed: the desktop app allows camera and microphone only while it is open. */
  'app:setCapturing': call(z.object({ capturing: z.boolean() }), z.object({ capturing: z.boolean() })),

  /** All projects, most recently opened or edited first. */
  'projects:list': call(z.object({}), z.array(ProjectSummarySchema)),
  /** A new empty project (or a copy of the sample storyboard). */
  'projects:create': call(
    z.object({
      name: z.string().trim().min(1, 'Project name must not be empty').max(200),
      fps: ProjectSettingsSchema.shape.fps.optional(),
      template: z.enum(['blank', 'sample']).optional(),
    }),
    Project,
  ),
  /** Loads a project and marks it as recently opened. */
  'projects:open': call(z.object(projectId), Project),
  'projects:rename': call(z.object({ ...projectId, name: z.string().trim().min(1, 'Project name must not be empty').max(200) }), Project),
  'projects:updateSettings': call(z.object({ ...projectId, patch: ProjectSettingsSchema.partial() }), Project),
  'projects:duplicate': call(z.object(projectId), ProjectSummarySchema),
  'projects:delete': call(z.object(projectId), z.object(projectId)),
  /** Replaces the whole stored document (undo and redo use this). */
  'projects:restore': call(z.object({ project: Project }), Project),
  /** Writes a `.shotline` file to a path on this machine. */
  'projects:exportFile': call(
    z.object({ ...projectId, path: z.string().min(1).max(4096) }),
    z.object({ path: z.string(), bytes: z.number().int() }),
    { localOnly: true },
  ),
  /** Reads a `.shotline` file from a path on this machine into a new project. */
  'projects:importFile': call(z.object({ path: z.string().min(1).max(4096) }), ImportResultSchema, { localOnly: true }),
  /** The `.shotline` text of a project, for a download in the browser. */
  'projects:exportDocument': call(z.object(projectId), z.object({ fileName: z.string(), text: z.string() })),
  /** A new project from the text of a `.shotline` file the user picked. */
  'projects:importDocument': call(z.object({ text: z.string(), fileName: z.string().max(1024) }), ImportResultSchema),

  /** Inserts a new shot at `index` (default: the end). */
  'shots:add': call(
    z.object({ ...projectId, index: z.number().int().min(0).optional(), patch: ShotPatchSchema.optional() }),
    withId('shotId'),
  ),
  'shots:update': call(z.object({ ...projectId, shotId: IdSchema, patch: ShotPatchSchema }), Project),
  /** Copies a shot (its lines and cues get new ids; takes are not copied) right after it. */
  'shots:duplicate': call(z.object({ ...projectId, shotId: IdSchema }), withId('shotId')),
  'shots:delete': call(z.object({ ...projectId, shotIds: z.array(IdSchema).min(1) }), Project),
  /** Moves one shot to a new index. */
  'shots:move': call(z.object({ ...projectId, shotId: IdSchema, toIndex: z.number().int().min(0) }), Project),

  'characters:add': call(
    z.object({ ...projectId, name: z.string().trim().min(1, 'Character name must not be empty').max(200) }),
    withId('characterId'),
  ),
  'characters:update': call(z.object({ ...projectId, characterId: IdSchema, patch: CharacterPatchSchema }), Project),
  /** Removes a character and its blocking; refused while it still speaks lines. */
  'characters:delete': call(z.object({ ...projectId, characterId: IdSchema }), Project),

  'dialogue:add': call(
    z.object({ ...projectId, shotId: IdSchema, characterId: IdSchema, text: z.string().max(5000).optional() }),
    withId('lineId'),
  ),
  'dialogue:update': call(z.object({ ...projectId, shotId: IdSchema, lineId: IdSchema, patch: DialoguePatchSchema }), Project),
  'dialogue:delete': call(z.object({ ...projectId, shotId: IdSchema, lineId: IdSchema }), Project),

  'sound:add': call(z.object({ ...projectId, shotId: IdSchema, patch: SoundCuePatchSchema.optional() }), withId('cueId')),
  'sound:update': call(z.object({ ...projectId, shotId: IdSchema, cueId: IdSchema, patch: SoundCuePatchSchema }), Project),
  'sound:delete': call(z.object({ ...projectId, shotId: IdSchema, cueId: IdSchema }), Project),

  /** The project's starting location, time of day and notes. */
  'continuity:update': call(z.object({ ...projectId, patch: ContinuityPatchSchema }), Project),
  'locations:add': call(
    z.object({ ...projectId, name: z.string().trim().min(1, 'Location name must not be empty').max(200) }),
    withId('locationId'),
  ),
  'locations:update': call(z.object({ ...projectId, locationId: IdSchema, patch: LocationPatchSchema }), Project),
  /** Removes a location; refused while a shot uses it. If it opened the scene, the next location opens it. */
  'locations:delete': call(z.object({ ...projectId, locationId: IdSchema }), Project),

  /**
   * Renders takes of the given shots (all shots when omitted) through the queue. Shots whose take
   * is already cached (same content hash) are not rendered again.
   */
  'render:shots': call(
    z.object({ ...projectId, shotIds: z.array(IdSchema).optional(), preset: z.enum(EXPORT_PRESETS).optional() }),
    RenderPlanSchema,
  ),
  /** Renders every shot that is not cached and exports the watermarked, credentialed MP4. */
  'render:export': call(ExportRequestSchema, RenderPlanSchema),
  /** The previz thumbnail of a shot (drawn and cached by content hash): a library-relative media path. */
  'render:thumbnail': call(
    z.object({ ...projectId, shotId: IdSchema, frame: z.enum(['first', 'middle', 'last']).optional() }),
    z.object({ path: z.string(), contentHash: z.string() }),
  ),
  /**
   * Free space where an export would go, and the most it may need there (an upper estimate: the MP4
   * at a high bit rate for its crf, twice, as its signed copy is written beside it before the rename). For the
   * export dialog's warning; the export itself still fails clearly if the disk fills up.
   */
  'render:space': call(
    z.object({ ...projectId, preset: z.enum(EXPORT_PRESETS), directory: z.string().min(1).max(4096).optional() }),
    z.object({ directory: z.string(), exists: z.boolean(), freeBytes: z.number().nullable(), mayNeedBytes: z.number() }),
  ),
  /** How much of the disk the render cache's takes hold, and how much of it nothing uses. */
  'render:cacheUsage': call(z.object({}), CacheUsageSchema),
  /**
   * Removes the cached takes nothing uses and, with `older`, the earlier versions shots still list
   * (rendered again if a shot goes back to one). A take a shot shows, or a job may still need, stays.
   */
  'render:cleanCache': call(
    z.object({ older: z.boolean() }),
    z.object({ removed: z.number().int(), freedBytes: z.number(), failed: z.number().int(), usage: CacheUsageSchema }),
  ),
  /** Where exports go by default, and the presets. */
  'render:defaults': call(
    z.object(projectId),
    z.object({ exportsDir: z.string(), fileName: z.string(), creator: z.string(), credentials: CredentialsInfoSchema }),
  ),

  /** The queue as it is now (also pushed as `onQueueChanged`). */
  'queue:list': call(z.object({}), QueueSnapshotSchema),
  /** Pauses one job (a running one stops at once and keeps its checkpoint). */
  'queue:pause': call(jobId, z.object({})),
  'queue:resume': call(jobId, z.object({})),
  /** Cancels a job and the jobs waiting for it; ffmpeg is stopped and temp files removed. */
  'queue:cancel': call(jobId, z.object({})),
  /** Runs a failed or canceled job again. */
  'queue:retry': call(jobId, z.object({})),
  /** Moves a waiting job before another one (or to the end). */
  'queue:move': call(z.object({ jobId: z.string().min(1), beforeJobId: z.string().min(1).nullable() }), z.object({})),
  /** Holds or releases the whole queue; holding releases model memory. */
  'queue:setPaused': call(z.object({ paused: z.boolean() }), z.object({})),
  /** Deletes finished jobs from the history (the files they made stay). */
  'queue:clearFinished': call(z.object({}), z.object({ removed: z.number().int() })),
  /** Installed models and packs with their verified status; `rescan` re-checks every file first. */
  'models:list': call(z.object({ rescan: z.boolean().optional() }), z.array(ModelViewSchema)),
  /** The runtime: provider setting, the order providers are tried in here, failures, the worker. */
  'models:runtime': call(z.object({}), RuntimeViewSchema),
  /** Overrides the execution provider (auto = best available, falling back to CPU). */
  'models:setProvider': call(z.object({ choice: ProviderChoiceSchema }), RuntimeViewSchema),
  /** Reads a pack folder before installing it: what it is, its size, its licence. */
  'models:inspectPack': call(z.object({ path: z.string().min(1).max(4096) }), PackInfoSchema, { localOnly: true }),
  /** Installs a pack folder after its files verify; its licence must be accepted once. */
  'models:importPack': call(z.object({ path: z.string().min(1).max(4096), acceptLicence: z.boolean() }), ModelViewSchema, {
    localOnly: true,
  }),
  /** Reads a pack's manifest and licence from a URL, with the free disk space, before downloading. */
  'models:inspectUrl': call(z.object({ url: z.url() }), PackInfoSchema.extend({ freeBytes: z.number() })),
  /** Queues a resumable, verified download of a pack from its manifest's URL; its licence must be accepted once. */
  'models:downloadPack': call(z.object({ url: z.url(), acceptLicence: z.boolean() }), z.object({ jobId: z.string() })),
  /** Queues an analysis of a recording (speech segments) or an image (faces) on a built-in model. */
  'models:analyze': call(
    z.object({ task: z.enum(['speech', 'faces']), path: z.string().min(1).max(4096), modelId: z.string().optional() }),
    z.object({ jobId: z.string() }),
    { localOnly: true },
  ),
  /** Uses an audio (or video) file on disk as a line's take: normalised, checked for speech, aligned to the text. */
  'dialogue:importTake': call(z.object({ ...projectId, shotId: IdSchema, lineId: IdSchema, path: z.string().min(1).max(4096) }), Project, {
    localOnly: true,
  }),
  /** A take recorded in the app (MediaRecorder) or picked in a browser, as base64 bytes. */
  'dialogue:uploadTake': call(
    z.object({
      ...projectId,
      shotId: IdSchema,
      lineId: IdSchema,
      fileName: z.string().min(1).max(200),
      base64: z.string().max(70 * 2 ** 20, 'The recording is over 50 MB; keep a take to one line.'),
    }),
    Project,
  ),
  /** Sets the project's music bed from a file on disk (desktop app, CLI). */
  'music:import': call(z.object({ ...projectId, path: z.string().min(1).max(4096) }), Project, { localOnly: true }),
  /** Sets the project's music bed from uploaded bytes (browser). */
  'music:upload': call(z.object({ ...projectId, fileName: z.string().min(1).max(200), base64: z.string().max(70 * 2 ** 20) }), Project),
  /** Changes the music bed's gain and fades, or removes it (patch null). */
  'music:update': call(
    z.object({
      ...projectId,
      patch: MusicBedSchema.pick({ gainDb: true, fadeInFrames: true, fadeOutFrames: true }).partial().nullable(),
    }),
    Project,
  ),
  /** A dialogue line's audio for the timeline (spoken and cached if needed): path, waveform peaks, visemes per frame. */
  'dialogue:audio': call(
    z.object({ ...projectId, shotId: IdSchema, lineId: IdSchema }),
    z.object({
      path: z.string(),
      durationFrames: z.number().int(),
      seconds: z.number(),
      peaks: z.array(z.number()),
      visemes: z.string(),
      engine: z.string(),
    }),
  ),
  /** Lip-sync per line: mouth track vs speech envelope offset in ms, lines beyond the tolerance flagged. */
  'lipsync:report': call(
    z.object(projectId),
    z.object({
      tolerance: z.number(),
      lines: z.array(
        z.object({
          shotIndex: z.number(),
          shotTitle: z.string(),
          lineId: z.string(),
          character: z.string(),
          text: z.string(),
          source: z.string(),
          offsetMs: z.number().nullable(),
          correlation: z.number().nullable(),
          flagged: z.boolean(),
          note: z.string().nullable(),
        }),
      ),
    }),
  ),
  ...CAMEO_CALLS,
  ...FEED_CALLS,
  /** Opens the system file manager at a file the studio made (desktop app only). */
  'files:showInFolder': call(z.object({ path: z.string().min(1).max(4096) }), z.object({}), { localOnly: true }),
  /** Asks for a folder with the system's folder picker (desktop app only); null when the picker was closed. */
  'files:chooseFolder': call(
    z.object({ title: z.string().max(200).optional(), defaultPath: z.string().max(4096).optional() }),
    z.object({ path: z.string().nullable() }),
    { localOnly: true },
  ),
} as const;

/** Events pushed to every connected renderer; each subscription returns a disposer. */
export const EVENTS = {
  /** A project document changed (by this or another window or browser). */
  onProjectChanged: event(z.object({ projectId: IdSchema, updatedAt: z.string(), origin: z.string().nullable() })),
  /** The set of projects or their names changed. */
  onProjectsChanged: event(z.object({})),
  /** Models or packs were installed or removed, or the provider setting changed. */
  onModelsChanged: event(z.object({})),
  /** Cameos, profiles, consent or notifications changed. */
  onCameosChanged: event(z.object({})),
  /** An application-menu command (Electron) for the renderer to carry out. */
  onMenuCommand: event(z.object({ command: z.enum(MENU_COMMANDS) })),
  /** The render queue changed (a job added, started, finished, moved …). */
  onQueueChanged: event(QueueSnapshotSchema),
  /** A running job moved on (at most a few times a second per job). */
  onJobProgress: event(JobProgressSchema.extend({ jobId: z.string() })),
} as const;

export type Calls = typeof CALLS;
export type Channel = keyof Calls;
export type Events = typeof EVENTS;
export type EventName = keyof Events;
export type CallInput<C extends Channel> = z.input<Calls[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Calls[C]['input']>;
export type CallOutput<C extends Channel> = z.output<Calls[C]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export const CHANNELS = Object.keys(CALLS) as Channel[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];
