import { z } from 'zod';
import { CAMEO_KINDS, CameoDetailSchema, CameoSummarySchema, CONSENT_POLICIES, NotificationSchema, ProfileSchema } from '../cameos';
import { call } from './define';

/** The calls of the cameo library: profiles, cameos and their consent, and the owner's notifications. */

export const cameoIdInput = z.object({ cameoId: z.string().min(1).max(64) });
const Profiles = z.object({ profiles: z.array(ProfileSchema), activeId: z.string() });
const Notifications = z.object({ items: z.array(NotificationSchema), unread: z.number().int() });
const CaptureInput = z.object({
  name: z.string().trim().min(1, 'Cameo name must not be empty').max(80),
  kind: z.enum(CAMEO_KINDS),
  /** The phrase shown to a person before recording (null for animals and objects). */
  challengePhrase: z.string().trim().max(200).nullable(),
  /** Replace the capture of this cameo (re-capture) instead of adding a new one. */
  recaptureOf: z.string().min(1).max(64).optional(),
});

export const CAMEO_CALLS = {
  /** The people of this studio and which one is active (cameo ownership and consent follow it). */
  'profiles:list': call(z.object({}), Profiles),
  'profiles:create': call(z.object({ name: z.string().trim().min(1, 'Profile name must not be empty').max(80) }), Profiles),
  'profiles:switch': call(z.object({ profileId: z.string().min(1).max(64) }), Profiles),
  'cameos:list': call(z.object({}), z.array(CameoSummarySchema)),
  'cameos:get': call(cameoIdInput, CameoDetailSchema),
  /** A fresh random phrase for a person's liveness check. */
  'cameos:challenge': call(z.object({}), z.object({ phrase: z.string() })),
  /** A capture recorded in the app (or a file picked in a browser): analysed by a queue job. */
  'cameos:capture': call(
    CaptureInput.extend({ base64: z.string().min(1), fileName: z.string().min(1).max(200) }),
    z.object({ jobId: z.string() }),
  ),
  /** A video file on disk as a capture (desktop app, CLI). */
  'cameos:importFile': call(CaptureInput.extend({ path: z.string().min(1).max(4096) }), z.object({ jobId: z.string() }), {
    localOnly: true,
  }),
  'cameos:rename': call(cameoIdInput.extend({ name: z.string().trim().min(1, 'Cameo name must not be empty').max(80) }), CameoDetailSchema),
  'cameos:setPolicy': call(cameoIdInput.extend({ policy: z.enum(CONSENT_POLICIES) }), CameoDetailSchema),
  /** The owner approves or denies a request. */
  'cameos:decide': call(cameoIdInput.extend({ profileId: z.string().min(1).max(64), approve: z.boolean() }), CameoDetailSchema),
  /** The owner takes back one person's permission. */
  'cameos:revokeGrant': call(cameoIdInput.extend({ profileId: z.string().min(1).max(64) }), CameoDetailSchema),
  /** The owner revokes the cameo for everyone, for good. */
  'cameos:revoke': call(cameoIdInput, CameoDetailSchema),
  /** The owner of a lookalike cameo approves or denies a new one. */
  'cameos:decideGuard': call(cameoIdInput.extend({ approve: z.boolean() }), CameoDetailSchema),
  /** Asks the owner for permission to use a cameo. */
  'cameos:requestUse': call(cameoIdInput, CameoDetailSchema),
  'cameos:delete': call(cameoIdInput, z.object({ deleted: z.string() })),
  /** Publishes the cameo's permission policy (not its capture) to the signed-in feed. */
  'cameos:publish': call(cameoIdInput, CameoDetailSchema),
  /** Writes a shared cameo file (cut-outs, mattes, voice profile; never the capture) of an own, published cameo. */
  'cameos:exportShared': call(cameoIdInput, z.object({ path: z.string() })),
  /** Adds a cameo shared from another studio through the signed-in feed (a file on disk). */
  'cameos:importShared': call(z.object({ path: z.string().min(1).max(4096) }), CameoDetailSchema, { localOnly: true }),
  /** The same, with the file's text (a file picked in a browser). */
  'cameos:importSharedText': call(
    z.object({
      text: z
        .string()
        .min(2)
        .max(64 * 2 ** 20),
    }),
    CameoDetailSchema,
  ),
  /** Asks the owner of a shared cameo, on the feed, for permission to use it. */
  'cameos:requestOnFeed': call(cameoIdInput, CameoDetailSchema),
  'notifications:list': call(z.object({}), Notifications),
  'notifications:markRead': call(z.object({}), Notifications),
} as const;
