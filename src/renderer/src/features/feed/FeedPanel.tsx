import { useCallback, useEffect, useState } from 'react';
import { useFeed } from '../../state/feedStore';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';

interface Post {
  id: string;
  title: string;
  prompt: string;
  styles: string[];
  engines: string[];
  hasDialogue: boolean;
  remixOf: string | null;
  creator: { name: string };
  mine: boolean;
  canTakeDown: boolean;
  createdAt: string;
  thumbPath: string | null;
}

/**
 * The cloud feed: sign in (URL + API token; nothing is uploaded unless asked), posts with
 * thumbnails and playable previews, the natural-language filter with how it was understood,
 * Remix (a new project from a post's storyboard), and the feed's notifications.
 */
export function FeedPanel({ studio }: { studio: Studio }) {
  const { signedIn, url, name, refresh, setOpen } = useFeed();
  const toast = useSession((s) => s.toast);
  const set = useSession((s) => s.set);
  const [form, setForm] = useState({ url: '', token: '' });
  const [q, setQ] = useState('');
  const [result, setResult] = useState<{ interpretation: string; posts: Post[] } | null>(null);
  const [playing, setPlaying] = useState<{ id: string; path: string } | null>(null);
  const [notes, setNotes] = useState<{ id: number; message: string; at: string }[]>([]);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (query: string) => {
      const r = await studio.api.feed.list({ q: query });
      if (!r.ok) return toast('error', r.error.message);
      setResult(r.value);
      // Notifications, and the grants for cameos shared from other studios (and their revocations).
      const n = await studio.api.feed.sync({});
      if (n.ok) setNotes(n.value.items.slice(-10).reverse());
      else toast('error', n.error.message);
    },
    [studio, toast],
  );

  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    void studio.api.feed.list({ q: '' }).then((r) => {
      if (!live) return;
      if (r.ok) setResult(r.value);
      else toast('error', r.error.message);
    });
    return () => {
      live = false;
    };
  }, [signedIn, studio, toast]);

  return (
    <aside className="models-panel feed-panel" aria-label="Feed">
      <header className="queue-head">
        <h2>Feed</h2>
        <div className="spacer" />
        <button onClick={() => setOpen(false)} aria-label="Close feed">
          ✕
        </button>
      </header>
      {!signedIn ? (
        <form
          className="panel-section"
          aria-label="Sign in to a feed"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await studio.api.feed.signIn(form);
            if (!r.ok) return toast('error', r.error.message);
            await refresh(studio.api);
            toast('info', `Signed in to ${r.value.url} as ${r.value.name}.`);
          }}
        >
          <p className="muted small">
            A feed is a service anyone can host (<code>npm run feed-server</code>). Nothing leaves this computer unless you upload an
            export.
          </p>
          <div className="field">
            <label htmlFor="feed-url">Feed address</label>
            <input
              id="feed-url"
              placeholder="https://feed.example.org"
              value={form.url}
              onChange={(e) => setForm({ ...form, url: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="feed-token">API token</label>
            <input id="feed-token" type="password" value={form.token} onChange={(e) => setForm({ ...form, token: e.target.value })} />
          </div>
          <button type="submit" className="primary">
            Sign in
          </button>
        </form>
      ) : (
        <>
          <section className="panel-section" aria-label="Account">
            <p className="small">
              Signed in to <strong>{url}</strong> as <strong>{name}</strong>{' '}
              <button
                className="link"
                onClick={async () => {
                  await studio.api.feed.signOut({});
                  setResult(null);
                  await refresh(studio.api);
                }}
              >
                Sign out
              </button>
            </p>
            <form
              className="field-row"
              onSubmit={(e) => {
                e.preventDefault();
                setBusy(true);
                void load(q).finally(() => setBusy(false));
              }}
            >
              <input
                aria-label="Filter the feed"
                placeholder="e.g. cinematic clips, anime with dialogue, remixes of mine"
                value={q}
                onChange={(e) => setQ(e.target.value)}
              />
              <button type="submit" disabled={busy}>
                Filter
              </button>
            </form>
            {result && (
              <p className="muted small" data-testid="feed-interpretation">
                Showing: {result.interpretation}
              </p>
            )}
          </section>
          <section className="panel-section" aria-label="Posts">
            {result?.posts.length === 0 && <p className="muted small">No posts match.</p>}
            <ul className="cameo-grid feed-grid">
              {result?.posts.map((p) => (
                <li key={p.id} className="feed-post" aria-label={`Post ${p.title}`}>
                  {playing?.id === p.id ? (
                    <video src={studio.conn.mediaUrl(playing.path)} controls autoPlay className="feed-video" />
                  ) : (
                    <button
                      className="link feed-thumb"
                      aria-label={`Play ${p.title}`}
                      onClick={async () => {
                        const r = await studio.api.feed.preview({ postId: p.id });
                        if (!r.ok) return toast('error', r.error.message);
                        setPlaying({ id: p.id, path: r.value.path });
                      }}
                    >
                      {p.thumbPath ? <img src={studio.conn.mediaUrl(p.thumbPath)} alt="" /> : <span className="cameo-ph">▶</span>}
                    </button>
                  )}
                  <strong dir="auto">{p.title}</strong>
                  <span className="muted small">
                    {p.creator.name} · {p.engines.join(', ')}
                    {p.remixOf ? ' · remix' : ''}
                  </span>
                  {!p.mine && (
                    <button
                      className="link small"
                      onClick={async () => {
                        const r = await studio.api.feed.follow({ name: p.creator.name });
                        if (!r.ok) return toast('error', r.error.message);
                        toast('info', `Following ${p.creator.name}: their posts come first.`);
                        void load(q);
                      }}
                    >
                      Follow {p.creator.name}
                    </button>
                  )}
                  <button
                    onClick={async () => {
                      const r = await studio.api.feed.remix({ postId: p.id });
                      if (!r.ok) return toast('error', r.error.message);
                      toast('info', `Remixing "${p.title}": the storyboard is now your project "${r.value.name}".`);
                      await studio.openProject(r.value.projectId);
                      setOpen(false);
                    }}
                  >
                    Remix
                  </button>
                  {p.canTakeDown && (
                    <button
                      className="link small danger-text"
                      onClick={() =>
                        set({
                          dialog: {
                            kind: 'confirm',
                            title: `Take down "${p.title}"?`,
                            body: p.mine
                              ? 'The post and its files are removed from the feed. Remixes already made keep their storyboards.'
                              : 'It shows your cameo. The post and its files are removed from the feed, and its creator is told why.',
                            confirmLabel: 'Take down',
                            onConfirm: async () => {
                              const r = await studio.api.feed.takedown({ postId: p.id });
                              if (!r.ok) return toast('error', r.error.message);
                              toast('info', `"${p.title}" was taken down.`);
                              void load(q);
                            },
                          },
                        })
                      }
                    >
                      Take down
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </section>
          {notes.length > 0 && (
            <section className="panel-section" aria-label="Feed notifications">
              <ul className="note-list small">
                {notes.map((n) => (
                  <li key={n.id}>
                    {n.message} <span className="muted">· {n.at.slice(0, 16).replace('T', ' ')}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </aside>
  );
}
