import { useEffect, useState } from 'react';
import { CONSENT_POLICIES, POLICY_LABELS, type CameoDetail } from '../../../../shared/cameos';
import { useCameos } from '../../state/cameosStore';
import { useFeed } from '../../state/feedStore';
import { useQueue } from '../../state/queueStore';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';
import { STATUS_LABEL, USE_LABEL } from './labels';
import { CameoFeedSharing } from './CameoFeedSharing';
import { LivenessScores } from './LivenessScores';

/** One cameo: likeness, voice, the liveness result, who may use it, requests, the usage log; the owner's actions. */
export function CameoDetailView({
  studio,
  cameoId,
  onBack,
  onRecapture,
}: {
  studio: Studio;
  cameoId: string;
  onBack: () => void;
  onRecapture: (d: CameoDetail) => void;
}) {
  const toast = useSession((s) => s.toast);
  const set = useSession((s) => s.set);
  const { activeId, refresh, cameos } = useCameos();
  const [d, setD] = useState<CameoDetail | null>(null);
  const [name, setName] = useState('');
  const summary = cameos.find((c) => c.id === cameoId);
  const feedSignedIn = useFeed((f) => f.signedIn);

  useEffect(() => {
    void studio.api.cameos.get({ cameoId }).then((r) => {
      if (r.ok) {
        setD(r.value);
        setName(r.value.name);
      } else toast('error', r.error.message);
    });
    // The summary changes whenever the engine says cameos changed: reload the detail with it.
  }, [studio, cameoId, toast, summary]);

  if (!d) return <p className="muted">Loading…</p>;
  const mine = d.ownerId === activeId;
  const act = async (p: Promise<{ ok: true; value: CameoDetail } | { ok: false; error: { message: string } }>, done?: string) => {
    const r = await p;
    if (!r.ok) return toast('error', r.error.message);
    setD(r.value);
    if (done) toast('info', done);
    await refresh(studio.api);
  };
  const media = (p: string) => studio.conn.mediaUrl(`media/${p}`);
  return (
    <section className="panel-section cameo-detail" aria-label={`Cameo ${d.name}`}>
      <header>
        <button className="link" onClick={onBack}>
          ← Library
        </button>
        <span className={`status-badge badge-${d.status}`}>{STATUS_LABEL[d.status]}</span>
      </header>
      {mine ? (
        <form
          className="field-row"
          onSubmit={(e) => {
            e.preventDefault();
            void act(studio.api.cameos.rename({ cameoId, name }), 'Renamed.');
          }}
        >
          <input aria-label="Cameo name" value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" disabled={name.trim() === d.name || !name.trim()}>
            Rename
          </button>
        </form>
      ) : (
        <h3 dir="auto">{d.name}</h3>
      )}
      <p className="muted small">
        {d.kind} · owned by {d.ownerName} · captured {d.createdAt.slice(0, 10)}
      </p>
      {d.useState !== 'owner' && d.useState !== 'allowed' && (
        <p className="warning small" role="status">
          {USE_LABEL[d.useState]}.{' '}
          {!d.shared && (d.useState === 'not-allowed' || d.useState === 'denied') && (
            <button className="link" onClick={() => void act(studio.api.cameos.requestUse({ cameoId }), `Asked ${d.ownerName}.`)}>
              Ask {d.ownerName} to use it
            </button>
          )}
        </p>
      )}
      {d.guard.state !== 'clear' && (
        <div className="warning small" role="status">
          Looks like {d.guard.matchedOwnerName}’s cameo (likeness {Math.round((d.guard.similarity ?? 0) * 100)} %): {d.guard.state}.
          {d.guard.matchedOwnerId === activeId && d.guard.state === 'pending' && (
            <span>
              {' '}
              <button onClick={() => void act(studio.api.cameos.decideGuard({ cameoId, approve: true }), 'Approved.')}>Approve</button>{' '}
              <button onClick={() => void act(studio.api.cameos.decideGuard({ cameoId, approve: false }), 'Denied.')}>Deny</button>
            </span>
          )}
        </div>
      )}

      <h4>Likeness</h4>
      <div className="cameo-frames">
        {d.frames.map((f) => (
          <figure key={f.image}>
            <img src={media(f.crop)} alt={`Face, yaw ${f.yaw}°`} />
            <img className="checker" src={media(f.cutout)} alt="Cut-out" data-testid="cutout" />
            <img src={media(f.matte)} alt="Matte" />
            <figcaption className="muted small">yaw {f.yaw}°</figcaption>
          </figure>
        ))}
      </div>
      <h4>Voice</h4>
      {d.voice ? (
        <p className="small">
          Median pitch {d.voice.medianHz} Hz · range {d.voice.rangeSemitones} semitones · {d.voice.syllablesPerSecond} syllables/s
          {d.voice.formants ? ` · formants ${signed(d.voice.formants.kal)} st from KAL, ${signed(d.voice.formants.slt)} st from SLT` : ''}.
          In Cast, “Match voice” gives a character bound to this cameo a flite voice shifted to its pitch, formants and pace: voice
          matching, not cloning (a neural voice pack can replace it).
        </p>
      ) : (
        <p className="muted small">No voice in the capture.</p>
      )}
      {d.voiceSamples.map((s) => (
        <audio key={s} controls src={media(s)} preload="none" />
      ))}
      <h4>Liveness check</h4>
      <LivenessScores l={d.liveness} />

      <h4>Who may use it</h4>
      {mine ? (
        <select
          aria-label="Who may use this cameo"
          value={d.policy}
          disabled={d.status === 'revoked'}
          onChange={(e) => void act(studio.api.cameos.setPolicy({ cameoId, policy: e.target.value as (typeof CONSENT_POLICIES)[number] }))}
        >
          {CONSENT_POLICIES.map((p) => (
            <option key={p} value={p}>
              {POLICY_LABELS[p]}
            </option>
          ))}
        </select>
      ) : (
        <p className="small">{POLICY_LABELS[d.policy]}</p>
      )}
      {mine && d.status !== 'revoked' && (
        <p className="small">
          {d.feed ? `Published to ${d.feed.url}: changes here (who may use it, revocation) are sent there. ` : 'Not published to a feed. '}
          {feedSignedIn && (
            <button
              onClick={() =>
                void act(studio.api.cameos.publish({ cameoId }), `Published ${d.name}'s permissions (not the capture) to the feed.`)
              }
            >
              {d.feed ? 'Publish again' : 'Publish to feed'}
            </button>
          )}
        </p>
      )}
      <CameoFeedSharing studio={studio} d={d} mine={mine} onChange={setD} />
      {d.grants.length > 0 && (
        <ul className="grant-list small">
          {d.grants.map((g) => (
            <li key={g.profileId}>
              {g.profileName}: {g.state}
              {mine && g.state === 'pending' && (
                <>
                  {' '}
                  <button onClick={() => void act(studio.api.cameos.decide({ cameoId, profileId: g.profileId, approve: true }))}>
                    Approve
                  </button>{' '}
                  <button onClick={() => void act(studio.api.cameos.decide({ cameoId, profileId: g.profileId, approve: false }))}>
                    Deny
                  </button>
                </>
              )}
              {mine && g.state === 'approved' && (
                <>
                  {' '}
                  <button
                    className="danger-text"
                    onClick={() => void act(studio.api.cameos.revokeGrant({ cameoId, profileId: g.profileId }))}
                  >
                    Revoke
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <h4>Usage log</h4>
      {d.usage.length === 0 ? (
        <p className="muted small">Not used yet.</p>
      ) : (
        <ul className="usage-list small" data-testid="usage-log">
          {d.usage.map((u) => (
            <li key={u.id}>
              {u.at.slice(0, 16).replace('T', ' ')} · {u.profileName} · {u.use} · {u.detail}
            </li>
          ))}
        </ul>
      )}
      {d.revokedOutputs > 0 && <p className="muted small">{d.revokedOutputs} takes or exports made before a revocation are marked.</p>}
      {(mine || d.shared) && (
        <div className="field-row">
          {mine && d.status !== 'revoked' && <button onClick={() => onRecapture(d)}>Re-capture</button>}
          {mine && d.status !== 'revoked' && (
            <button
              className="danger-text"
              onClick={() =>
                set({
                  dialog: {
                    kind: 'confirm',
                    title: `Revoke ${d.name}?`,
                    body: 'Nobody, you included, can render, export or upload with this cameo again. Takes and exports already made with it are marked and cannot be exported or uploaded again. This cannot be undone.',
                    confirmLabel: 'Revoke',
                    onConfirm: () => void act(studio.api.cameos.revoke({ cameoId }), `${d.name} is revoked.`),
                  },
                })
              }
            >
              Revoke
            </button>
          )}
          <button
            className="danger-text"
            onClick={() =>
              set({
                dialog: {
                  kind: 'confirm',
                  title: `Delete ${d.name}?`,
                  body: 'The capture, frames, cut-outs, voice samples and usage log are removed from this computer.',
                  confirmLabel: 'Delete',
                  onConfirm: async () => {
                    const r = await studio.api.cameos.delete({ cameoId });
                    if (!r.ok) return toast('error', r.error.message);
                    onBack();
                    await refresh(studio.api);
                  },
                },
              })
            }
          >
            Delete
          </button>
        </div>
      )}
      <CaptureJobs />
    </section>
  );
}

/** Capture jobs that are still running, with their progress. */
function CaptureJobs() {
  const snapshot = useQueue((q) => q.snapshot);
  const progress = useQueue((q) => q.progress);
  const jobs = snapshot?.jobs.filter((j) => j.kind === 'cameo.capture' && (j.state === 'running' || j.state === 'queued')) ?? [];
  if (!jobs.length) return null;
  return (
    <ul className="small">
      {jobs.map((j) => {
        const p = progress[j.id] ?? j.progress;
        return (
          <li key={j.id}>
            {j.label}: {p ? `${Math.round(p.percent)} % ${p.stage}` : 'waiting'}
          </li>
        );
      })}
    </ul>
  );
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x}`;
