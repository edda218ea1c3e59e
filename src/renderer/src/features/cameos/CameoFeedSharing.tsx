import { useEffect, useState } from 'react';
import type { CameoDetail } from '../../../../shared/cameos';
import { useFeed } from '../../state/feedStore';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';

type Requests = {
  requests: { account: string; state: string; at: string }[];
  grants: { id: string; account: string; expiresAt: string; revoked: boolean }[];
};

const GRANT_TEXT: Record<NonNullable<CameoDetail['shared']>['grant']['state'], string> = {
  none: 'not asked yet',
  pending: 'asked; waiting for the owner',
  granted: 'granted',
  revoked: 'revoked by the owner',
  refused: 'the owner lets only themselves use it',
};

/**
 * Cameos across studios. The owner of a published cameo shares a cameo file and decides, on the
 * feed, who may use it; a studio that imported someone's cameo asks the feed and holds the grant.
 */
export function CameoFeedSharing({
  studio,
  d,
  mine,
  onChange,
}: {
  studio: Studio;
  d: CameoDetail;
  mine: boolean;
  onChange: (d: CameoDetail) => void;
}) {
  const toast = useSession((s) => s.toast);
  const feedSignedIn = useFeed((f) => f.signedIn);
  const [reqs, setReqs] = useState<Requests | null>(null);
  const [shared, setShared] = useState<string | null>(null);
  const published = mine && !!d.feed && d.status !== 'revoked' && feedSignedIn;

  useEffect(() => {
    if (!published) return;
    void studio.api.feed.cameoRequests({ cameoId: d.id }).then((r) => (r.ok ? setReqs(r.value) : toast('error', r.error.message)));
  }, [published, studio, d.id, toast]);

  if (d.shared) {
    const g = d.shared.grant;
    return (
      <section aria-label="Feed permission">
        <h4>Permission on the feed</h4>
        <p className="small">
          Shared by {d.shared.owner} through {d.shared.feedUrl}. Its owner decides there; this studio may use it only with their signed
          grant.
        </p>
        <p className="small" data-testid="feed-grant">
          Grant: {GRANT_TEXT[g.state]}
          {g.expiresAt && g.state === 'granted' ? ` · ${d.useState === 'denied' ? 'expired on' : 'until'} ${g.expiresAt.slice(0, 10)}` : ''}
        </p>
        <div className="field-row">
          {(g.state === 'none' || g.state === 'revoked' || (g.state === 'granted' && d.useState === 'denied')) &&
            d.status !== 'revoked' && (
              <button
                disabled={!feedSignedIn}
                onClick={async () => {
                  const r = await studio.api.cameos.requestOnFeed({ cameoId: d.id });
                  if (!r.ok) return toast('error', r.error.message);
                  onChange(r.value);
                  toast('info', r.value.shared?.grant.state === 'granted' ? 'Granted.' : `Asked ${d.shared!.owner} on the feed.`);
                }}
              >
                Request on feed
              </button>
            )}
          <button
            disabled={!feedSignedIn}
            onClick={async () => {
              const r = await studio.api.feed.sync({});
              if (!r.ok) return toast('error', r.error.message);
              const again = await studio.api.cameos.get({ cameoId: d.id });
              if (again.ok) onChange(again.value);
            }}
          >
            Check the feed
          </button>
        </div>
        {!feedSignedIn && <p className="muted small">Sign in to the feed (Feed panel) to ask or check.</p>}
      </section>
    );
  }
  if (!published) return null;
  const decide = async (p: Promise<{ ok: true; value: Requests } | { ok: false; error: { message: string } }>, done: string) => {
    const r = await p;
    if (!r.ok) return toast('error', r.error.message);
    setReqs(r.value);
    toast('info', done);
  };
  const pending =
    reqs?.requests.filter((q) => q.state === 'pending' && !reqs.grants.some((g) => g.account === q.account && !g.revoked)) ?? [];
  return (
    <section aria-label="Sharing through the feed">
      <h4>Sharing through the feed</h4>
      <p className="small">
        Give someone the cameo file (cut-outs, mattes and voice profile; never the capture or voice samples). Their studio asks the feed,
        and you decide here.{' '}
        <button
          onClick={async () => {
            const r = await studio.api.cameos.exportShared({ cameoId: d.id });
            if (!r.ok) return toast('error', r.error.message);
            setShared(r.value.path);
            toast('info', `Cameo file written: ${r.value.path}`);
          }}
        >
          Share file…
        </button>
        {shared && <span className="muted"> {shared}</span>}
      </p>
      {reqs && (
        <ul className="grant-list small" data-testid="feed-requests">
          {pending.map((q) => (
            <li key={`q-${q.account}`}>
              {q.account} asks (on the feed, {q.at.slice(0, 10)}){' '}
              <button
                onClick={() => void decide(studio.api.feed.grantCameo({ cameoId: d.id, account: q.account }), `Granted to ${q.account}.`)}
              >
                Grant
              </button>
            </li>
          ))}
          {reqs.grants.map((g) => (
            <li key={g.id}>
              {g.account}: {g.revoked ? 'revoked' : `granted until ${g.expiresAt.slice(0, 10)}`}
              {!g.revoked && (
                <>
                  {' '}
                  <button
                    className="danger-text"
                    onClick={() =>
                      void decide(studio.api.feed.revokeCameoGrant({ cameoId: d.id, grantId: g.id }), `Revoked ${g.account}'s grant.`)
                    }
                  >
                    Revoke
                  </button>
                </>
              )}
            </li>
          ))}
          {pending.length === 0 && reqs.grants.length === 0 && <li className="muted">Nobody has asked on the feed yet.</li>}
        </ul>
      )}
    </section>
  );
}
