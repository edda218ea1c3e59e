import { useEffect, useState } from 'react';
import { formatBytes } from '../../../../shared/bytes';
import type { CacheUsage } from '../../../../shared/ipc/contract';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';

const takes = (n: number) => `${n} take${n === 1 ? '' : 's'}`;

/**
 * The render cache under the queue: how much disk its takes hold, by what still uses them, and
 * removing those nothing uses (and, when asked, older versions of shots). `version` changes when
 * jobs finish, so the figures follow renders.
 */
export function TakeCacheSection({ studio, version }: { studio: Studio; version: string }) {
  const set = useSession((s) => s.set);
  const [usage, setUsage] = useState<CacheUsage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Asked again when jobs finish (after a pause, as several often finish together).
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void studio.api.render.cacheUsage({}).then((r) => {
        if (!live) return;
        if (r.ok) {
          setUsage(r.value);
          setError(null);
        } else setError(r.error.message);
      });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [studio, version]);

  const clean = async (older: boolean) => {
    setBusy(true);
    setDone(null);
    const r = await studio.api.render.cleanCache({ older });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setUsage(r.value.usage);
    setError(null);
    setDone(
      `Removed ${takes(r.value.removed)}, freed ${formatBytes(r.value.freedBytes)}.` +
        (r.value.failed ? ` ${takes(r.value.failed)} could not be removed (a player may have them open); try again after closing it.` : ''),
    );
  };
  const confirm = (older: boolean) => {
    if (!usage) return;
    const n = usage.unused.count + (older ? usage.older.count : 0);
    const bytes = usage.unused.bytes + (older ? usage.older.bytes : 0);
    set({
      dialog: {
        kind: 'confirm',
        title: `Remove ${takes(n)} (${formatBytes(bytes)})?`,
        body: older
          ? 'The takes no project uses, and the earlier versions of shots (or their renders at another size). A shot taken back to one of them, or exported at that size, renders it anew. The takes shots show now stay.'
          : 'No project in this studio uses them, and no job in the queue needs them. A shot edited back to one of them, or a file rendered again with "shotline render", renders it anew. The takes shots show now stay.',
        confirmLabel: 'Remove takes',
        onConfirm: () => void clean(older),
      },
    });
  };

  return (
    <section className="queue-cache" aria-label="Render cache">
      <h3>Render cache</h3>
      {usage && (
        <p className="muted" data-testid="cache-usage">
          {takes(usage.current.count)} in use ({formatBytes(usage.current.bytes)}) · {usage.older.count} older (
          {formatBytes(usage.older.bytes)}) · {usage.unused.count} unused ({formatBytes(usage.unused.bytes)})
        </p>
      )}
      <div className="queue-cache-actions">
        <button
          disabled={busy || !usage || usage.unused.count === 0}
          onClick={() => confirm(false)}
          title="Delete the takes that no shot of any project uses"
        >
          Remove unused…
        </button>
        <button
          disabled={busy || !usage || usage.unused.count + usage.older.count === 0}
          onClick={() => confirm(true)}
          title="Also delete earlier versions of shots; the takes shots show stay"
        >
          Remove older versions too…
        </button>
      </div>
      {done && (
        <p className="muted" role="status">
          {done}
        </p>
      )}
      {error && (
        <p className="queue-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
