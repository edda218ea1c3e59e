import { useEffect, useState } from 'react';
import type { CameoKind } from '../../../../shared/cameos';
import { useCameos } from '../../state/cameosStore';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';
import { CameoDetailView } from './CameoDetailView';
import { CaptureForm } from './CaptureForm';
import { STATUS_LABEL, USE_LABEL } from './labels';

/** The cameo library: profiles, capture, the grid, and one cameo's likeness, voice, consent and usage log. */
export function CameosPanel({ studio }: { studio: Studio }) {
  const { profiles, activeId, cameos, notifications, unread, refresh, setOpen } = useCameos();
  const toast = useSession((s) => s.toast);
  const [selected, setSelected] = useState<string | null>(null);
  const [capturing, setCapturing] = useState<{ recaptureOf?: string; kind?: CameoKind; name?: string } | null>(null);
  const [newProfile, setNewProfile] = useState('');
  const [showNotes, setShowNotes] = useState(false);

  useEffect(() => {
    void refresh(studio.api).then((e) => e && toast('error', e));
  }, [refresh, studio, toast]);

  const active = profiles.find((p) => p.id === activeId);
  return (
    <aside className="models-panel cameos-panel" aria-label="Cameos">
      <header className="queue-head">
        <h2>Cameos</h2>
        <div className="spacer" />
        <button onClick={() => setOpen(false)} aria-label="Close cameos">
          ✕
        </button>
      </header>
      <section className="panel-section" aria-label="Profile">
        <div className="field-row">
          <div className="field">
            <label htmlFor="active-profile">Active profile</label>
            <select
              id="active-profile"
              value={activeId ?? ''}
              onChange={async (e) => {
                const r = await studio.api.profiles.switch({ profileId: e.target.value });
                if (!r.ok) toast('error', r.error.message);
                setSelected(null);
                await refresh(studio.api);
              }}
            >
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <button className="link" aria-expanded={showNotes} onClick={() => setShowNotes(!showNotes)} data-testid="notifications">
            {unread ? `Notifications (${unread} new)` : 'Notifications'}
          </button>
        </div>
        <form
          className="field-row"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!newProfile.trim()) return;
            const r = await studio.api.profiles.create({ name: newProfile });
            if (!r.ok) return toast('error', r.error.message);
            setNewProfile('');
            setSelected(null);
            toast('info', `Profile "${newProfile.trim()}" created and active.`);
            await refresh(studio.api);
          }}
        >
          <input
            aria-label="New profile name"
            placeholder="Add a person…"
            value={newProfile}
            onChange={(e) => setNewProfile(e.target.value)}
          />
          <button type="submit">Add profile</button>
        </form>
        <p className="muted small">
          Profiles keep the choices of the people who share this computer apart. They are not passwords: anyone at this computer can switch.
        </p>
        {showNotes && (
          <div className="notes">
            {notifications.length === 0 ? (
              <p className="muted small">Nothing yet for {active?.name}.</p>
            ) : (
              <ul className="note-list">
                {notifications.map((n) => (
                  <li key={n.id} className={n.read ? 'muted small' : 'small'}>
                    {n.message} <span className="muted">· {n.at.slice(0, 16).replace('T', ' ')}</span>
                  </li>
                ))}
              </ul>
            )}
            {unread > 0 && (
              <button
                className="link"
                onClick={async () => {
                  await studio.api.notifications.markRead({});
                  await refresh(studio.api);
                }}
              >
                Mark all read
              </button>
            )}
          </div>
        )}
      </section>

      {capturing ? (
        <CaptureForm
          studio={studio}
          initial={capturing}
          onDone={async (cameoId) => {
            setCapturing(null);
            await refresh(studio.api);
            if (cameoId) setSelected(cameoId);
          }}
        />
      ) : selected ? (
        <CameoDetailView
          studio={studio}
          cameoId={selected}
          onBack={() => setSelected(null)}
          onRecapture={(d) => setCapturing({ recaptureOf: d.id, kind: d.kind, name: d.name })}
        />
      ) : (
        <section className="panel-section" aria-label="Cameo library">
          <header>
            <h3>Library</h3>
            <button className="primary" onClick={() => setCapturing({})}>
              + New cameo
            </button>
            <label className="button-link" title="A cameo file someone shared with you through your feed">
              Import shared…
              <input
                type="file"
                accept=".shotcameo,application/json"
                hidden
                aria-label="Shared cameo file"
                onChange={async (e) => {
                  const f = e.target.files?.[0];
                  e.target.value = '';
                  if (!f) return;
                  const r = await studio.api.cameos.importSharedText({ text: await f.text() });
                  if (!r.ok) return toast('error', r.error.message);
                  toast(
                    'info',
                    `Added ${r.value.name}, shared by ${r.value.shared?.owner ?? r.value.ownerName}. Ask for permission on the feed to use it.`,
                  );
                  await refresh(studio.api);
                  setSelected(r.value.id);
                }}
              />
            </label>
          </header>
          {cameos.length === 0 && (
            <p className="muted small">
              No cameos yet. A cameo puts a real person (you, a friend who agrees), an animal or an object into shots, with the consent of
              the person it shows.
            </p>
          )}
          <ul className="cameo-grid">
            {cameos.map((c) => (
              <li key={c.id}>
                <button className="cameo-card" onClick={() => setSelected(c.id)} aria-label={`Cameo ${c.name}`}>
                  {c.thumbnail ? (
                    <img src={studio.conn.mediaUrl(`media/${c.thumbnail}`)} alt="" />
                  ) : (
                    <span className="cameo-ph">{c.kind}</span>
                  )}
                  <strong dir="auto">{c.name}</strong>
                  <span className="muted small">
                    {c.kind} · {c.ownerName}
                  </span>
                  <span className={`status-badge badge-${c.status}`}>{STATUS_LABEL[c.status]}</span>
                  <span className="muted small">{USE_LABEL[c.useState]}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}
