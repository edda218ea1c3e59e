import { useEffect, useState, type ReactNode } from 'react';
import type { Project, Shot } from '../../../../shared/domain';
import type { Studio } from '../../state/studio';

/** The latest usable take of a shot, if it has one. */
export function latestTake(shot: Shot): Shot['takes'][number] | null {
  for (let i = shot.takes.length - 1; i >= 0; i--) if (shot.takes[i]!.status === 'ok') return shot.takes[i]!;
  return null;
}

/**
 * A shot's picture on its card: the rendered take's thumbnail when there is one, else the previz
 * renderer's thumbnail of the current settings (redrawn when the project changes), with the SVG
 * sketch as the fallback while it loads or if it cannot be drawn.
 */
export function ShotThumb({ studio, project, shot, fallback }: { studio: Studio; project: Project; shot: Shot; fallback: ReactNode }) {
  const take = latestTake(shot);
  const [path, setPath] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const updatedAt = project.updatedAt;

  useEffect(() => {
    if (take) return;
    let live = true;
    const timer = setTimeout(() => {
      void studio.api.render.thumbnail({ projectId: project.id, shotId: shot.id }).then((r) => {
        if (!live) return;
        if (r.ok) {
          setPath(r.value.path);
          setFailed(null);
        } else setFailed(r.error.message);
      });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [studio, project.id, shot.id, updatedAt, take]);

  const src = take ? `media/thumbs/take-${take.contentHash}.jpg` : path;
  if (!src) return <>{fallback}</>;
  return (
    <img
      className="thumb-img"
      src={studio.conn.mediaUrl(src)}
      alt={take ? `Rendered take (${take.engine})` : 'Previz thumbnail'}
      title={failed ?? undefined}
      data-testid={take ? 'take-thumb' : 'previz-thumb'}
      draggable={false}
    />
  );
}
