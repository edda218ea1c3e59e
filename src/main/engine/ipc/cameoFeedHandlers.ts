import { resolve } from 'node:path';
import { AppError } from '../../../shared/result';
import type { CameoService } from '../cameo/cameoService';
import type { CameoShareService } from '../cameo/cameoShare';
import type { ConsentService } from '../cameo/consentService';
import type { Profiles } from '../cameo/profiles';
import type { FeedService } from '../feed/feedService';
import { isInside } from '../media/mediaPath';
import type { Handlers } from './dispatcher';

type CameoFeedChannel = Extract<keyof Handlers, `profiles:${string}` | `cameos:${string}` | `notifications:${string}` | `feed:${string}`>;

/** The calls of profiles, cameos and consent, notifications and the feed, wired to their services. */
export function cameoAndFeedHandlers(d: {
  profiles: Profiles;
  consent: ConsentService;
  cameos: CameoService;
  shared: CameoShareService;
  feed: FeedService;
  exportsDir: string;
}): Pick<Handlers, CameoFeedChannel> {
  return {
    'profiles:list': () => d.profiles.list(),
    'profiles:create': (i) => d.profiles.create(i.name),
    'profiles:switch': (i) => d.profiles.switch(i.profileId),
    'cameos:list': () => d.consent.summaries(),
    'cameos:get': (i) => d.consent.detail(i.cameoId),
    'cameos:challenge': () => d.cameos.challenge(),
    'cameos:capture': (i) => d.cameos.capture(i),
    'cameos:importFile': (i) => d.cameos.importFile(i),
    'cameos:rename': (i) => d.consent.rename(i.cameoId, i.name),
    'cameos:setPolicy': (i) => d.consent.setPolicy(i.cameoId, i.policy),
    'cameos:decide': (i) => d.consent.decide(i.cameoId, i.profileId, i.approve),
    'cameos:revokeGrant': (i) => d.consent.revokeGrant(i.cameoId, i.profileId),
    'cameos:revoke': (i) => d.consent.revoke(i.cameoId),
    'cameos:decideGuard': (i) => d.consent.decideGuard(i.cameoId, i.approve),
    'cameos:requestUse': (i) => d.consent.requestUse(i.cameoId),
    'cameos:delete': (i) => d.consent.delete(i.cameoId),
    'cameos:exportShared': (i) => d.shared.exportShared(i),
    'cameos:importShared': (i) => d.shared.importShared(i),
    'cameos:importSharedText': (i) => d.shared.importSharedText(i),
    'cameos:requestOnFeed': (i) => d.shared.requestGrant(i),
    'notifications:list': () => d.consent.notifications(),
    'notifications:markRead': () => d.consent.markRead(),
    'feed:status': () => d.feed.status(),
    'feed:signIn': (i) => d.feed.signIn(i),
    'feed:signOut': () => d.feed.signOut(),
    'feed:upload': (i, ctx) => {
      if (ctx.transport === 'server' && !(resolve(i.path) === d.exportsDir || isInside(d.exportsDir, i.path)))
        throw new AppError(
          'PERMISSION_DENIED',
          `From the browser, only files in the studio's exports folder (${d.exportsDir}) can be uploaded.`,
        );
      return d.feed.upload(i);
    },
    'feed:list': (i) => d.feed.list(i),
    'feed:preview': (i) => d.feed.preview(i),
    'feed:follow': (i) => d.feed.follow(i),
    'feed:remix': (i) => d.feed.remix(i),
    'feed:notifications': () => d.feed.notifications(),
    'feed:takedown': (i) => d.feed.takedown(i),
    'feed:sync': () => d.feed.syncNow(),
    'feed:cameoRequests': (i) => d.feed.cameoRequests(i.cameoId),
    'feed:grantCameo': (i) => d.feed.grantCameo(i.cameoId, i.account),
    'feed:revokeCameoGrant': (i) => d.feed.revokeCameoGrant(i.cameoId, i.grantId),
    'cameos:publish': async (i) => {
      await d.feed.publishCameo(i.cameoId);
      return d.consent.detail(i.cameoId);
    },
  };
}
