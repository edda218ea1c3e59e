import { useEffect, useRef, useState } from 'react';

/**
 * The finished export, played in the studio: the file itself (watermark, captions and sound as
 * they were written), not a preview of it. Escape or the backdrop closes it.
 */
export function ExportPlayer({ title, src, path, onClose }: { title: string; src: string; path: string; onClose(): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [meta, setMeta] = useState<{ seconds: number; width: number; height: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    video.current?.focus();
  }, []);
  return (
    <div className="modal-backdrop" role="presentation" onMouseDown={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="player-title"
        className="modal export-player"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id="player-title">{title}</h2>
        <video
          ref={video}
          src={src}
          controls
          autoPlay
          aria-label="The finished export"
          onLoadedMetadata={(e) => {
            const v = e.currentTarget;
            setMeta({ seconds: v.duration, width: v.videoWidth, height: v.videoHeight });
          }}
          onError={() =>
            setError('This file could not be played here. It may have been moved or deleted since the export; open it from its folder.')
          }
        />
        {error ? (
          <p role="alert">{error}</p>
        ) : (
          <p className="muted" data-testid="player-meta">
            {meta ? `${meta.seconds.toFixed(1)} s · ${meta.width}×${meta.height} · ` : ''}
            {path}
          </p>
        )}
        <div className="modal-actions">
          <button onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}
