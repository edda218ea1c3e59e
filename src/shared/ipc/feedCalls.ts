import { z } from 'zod';
import { IdSchema } from '../domain/schemas';
import { cameoIdInput } from './cameoCalls';
import { call } from './define';

/** The calls of the optional cloud feed: signing in, uploading, browsing, remixing and cameo grants. */

const FeedStatus = z.object({ signedIn: z.boolean(), url: z.string().nullable(), name: z.string().nullable() });
const FeedNotifications = z.object({
  items: z.array(z.object({ id: z.number(), kind: z.string(), message: z.string(), at: z.string() })),
});
const FeedCameoRequestsSchema = z.object({
  requests: z.array(z.object({ account: z.string(), state: z.string(), at: z.string() })),
  grants: z.array(z.object({ id: z.string(), account: z.string(), expiresAt: z.string(), revoked: z.boolean() })),
});
const FeedPostSchema = z.object({
  id: z.string(),
  title: z.string(),
  prompt: z.string(),
  styles: z.array(z.string()),
  tags: z.array(z.string()),
  engines: z.array(z.string()),
  hasDialogue: z.boolean(),
  remixOf: z.string().nullable(),
  creator: z.object({ id: z.string(), name: z.string() }),
  mine: z.boolean(),
  /** The viewer made it, or owns a cameo in it: they may take it down. */
  canTakeDown: z.boolean(),
  createdAt: z.string(),
  thumbPath: z.string().nullable(),
});

export const FEED_CALLS = {
  /** The feed this studio is signed in to (nothing is uploaded unless the user asks). */
  'feed:status': call(z.object({}), FeedStatus),
  'feed:signIn': call(
    z.object({
      url: z.string().url('The feed address must be a URL like https://feed.example.org').max(2000),
      token: z.string().trim().min(8, 'Paste the API token the feed gave you').max(500),
    }),
    FeedStatus,
  ),
  'feed:signOut': call(z.object({}), FeedStatus),
  /** Queues the upload of an exported MP4 (resumable; an export already posted is not posted again). */
  'feed:upload': call(z.object({ projectId: IdSchema, path: z.string().min(1).max(4096) }), z.object({ jobId: z.string() })),
  /** Posts, newest first (people followed first), filtered by a sentence; the filter as understood. */
  'feed:list': call(
    z.object({ q: z.string().max(500).optional() }),
    z.object({ interpretation: z.string(), posts: z.array(FeedPostSchema) }),
  ),
  /** Follows a creator on the feed: their posts come first. */
  'feed:follow': call(z.object({ name: z.string().min(1).max(80) }), z.object({ following: z.string() })),
  'feed:preview': call(z.object({ postId: z.string().min(1).max(64) }), z.object({ path: z.string() })),
  /** A new project from a post's storyboard, marked as a remix of it. */
  'feed:remix': call(z.object({ postId: z.string().min(1).max(64) }), z.object({ projectId: z.string(), name: z.string() })),
  'feed:notifications': call(z.object({}), FeedNotifications),
  /** Takes a post down (its creator, or the owner of a cameo in it); the feed removes its files. */
  'feed:takedown': call(z.object({ postId: z.string().min(1).max(64) }), z.object({ deleted: z.string() })),
  /** Fetches notifications and brings the grants of shared cameos up to date (also done every few minutes). */
  'feed:sync': call(z.object({}), FeedNotifications),
  /** The owner's view of who asked, on the feed, to use a published cameo, and the grants given. */
  'feed:cameoRequests': call(cameoIdInput, FeedCameoRequestsSchema),
  /** The owner gives an account of the feed a signed, expiring grant to use a published cameo. */
  'feed:grantCameo': call(cameoIdInput.extend({ account: z.string().min(1).max(80) }), FeedCameoRequestsSchema),
  /** The owner takes a grant back (posts made with it are hidden on the feed). */
  'feed:revokeCameoGrant': call(cameoIdInput.extend({ grantId: z.string().min(1).max(64) }), FeedCameoRequestsSchema),
} as const;
