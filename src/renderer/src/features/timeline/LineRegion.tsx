import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import type { DialogueLine } from '../../../../shared/domain';
import { formatTimecode } from '../../../../shared/time';

export type LineAudio = { path: string; durationFrames: number; seconds: number; peaks: number[]; visemes: string; engine: string };
export type LineSync = { offsetMs: number | null; flagged: boolean; note: string | null };

const VISEME_COLOR: Record<string, string> = {
  X: '#2a2d36',
  A: '#6b3b4a',
  B: '#7a5a44',
  C: '#9a7440',
  D: '#c98a3a',
  E: '#8a6aa0',
  F: '#5a7aa8',
  G: '#5a8a6a',
  H: '#a05a6a',
};

/**
 * The waveform of a line, drawn by wavesurfer.js from the peaks the engine computed (and cached):
 * the renderer never decodes the audio. Redrawn when the peaks, the length or the zoom change.
 */
function Waveform({ peaks, seconds, width, height }: { peaks: number[]; seconds: number; width: number; height: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || peaks.length === 0 || seconds <= 0) return;
    const colour = getComputedStyle(el).color || '#9ab';
    const ws = WaveSurfer.create({
      container: el,
      height,
      peaks: [peaks],
      duration: seconds,
      waveColor: colour,
      progressColor: colour,
      cursorWidth: 0,
      interact: false,
      hideScrollbar: true,
      normalize: false,
    });
    return () => ws.destroy();
  }, [peaks, seconds, height, width]);
  if (peaks.length === 0 || width <= 0) return null;
  return <div ref={ref} className="waveform" style={{ width, height }} aria-hidden="true" data-testid="waveform" />;
}

type DragMode = 'move' | 'trim-start' | 'trim-end';

/**
 * One dialogue line on its lane: the part of its audio that is heard (drag the body to move it,
 * an edge to trim it; ←/→ move, Alt+←/→ trims the start, Alt+Shift+←/→ the end), with its
 * waveform and its mouth shapes frame by frame. The audio stays anchored at the line's offset:
 * trimming hides the cut part of the waveform, it does not slide it.
 */
export function LineRegion(o: {
  line: DialogueLine;
  audio: LineAudio | { error: string } | undefined;
  sync: LineSync | undefined;
  ppf: number;
  fps: number;
  shotFrames: number;
  onMove: (offsetFrames: number) => void;
  onTrim: (patch: { trimStartFrames?: number; trimEndFrames?: number }) => void;
}) {
  const { line, ppf, fps } = o;
  const ok = o.audio && !('error' in o.audio) ? o.audio : null;
  const [drag, setDrag] = useState<{ mode: DragMode; startX: number; dx: number } | null>(null);
  const total = ok?.durationFrames ?? fps;
  const frames = drag ? Math.round(drag.dx / ppf) : 0;
  const maxTrim = (other: number) => Math.max(0, total - other - 1);
  const ts = drag?.mode === 'trim-start' ? clamp(line.trimStartFrames + frames, 0, maxTrim(line.trimEndFrames)) : line.trimStartFrames;
  const te = drag?.mode === 'trim-end' ? clamp(line.trimEndFrames - frames, 0, maxTrim(line.trimStartFrames)) : line.trimEndFrames;
  const offset = line.offsetFrames + (drag?.mode === 'move' ? frames : 0);
  const shown = Math.max(1, total - ts - te);
  const full = Math.max(6, total * ppf);
  const start = (mode: DragMode) => (e: React.PointerEvent) => {
    // An edge's drag is a trim, not also a move of the whole region.
    if (mode !== 'move') e.stopPropagation();
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    setDrag({ mode, startX: e.clientX, dx: 0 });
  };
  const trimmed = ts > 0 || te > 0;
  return (
    <div
      className={`line-region ${drag ? 'dragging' : ''} ${trimmed ? 'trimmed' : ''}`}
      style={{ left: (offset + ts) * ppf, width: Math.max(6, shown * ppf) }}
      role="slider"
      tabIndex={0}
      aria-label={`Line “${line.text.slice(0, 40)}”`}
      aria-valuemin={0}
      aria-valuemax={o.shotFrames - 1}
      aria-valuenow={line.offsetFrames}
      aria-valuetext={`starts at ${formatTimecode(line.offsetFrames, fps)}${trimmed ? `, trimmed ${ts} frames at the start and ${te} at the end` : ''}`}
      data-testid="line-region"
      data-offset={line.offsetFrames}
      data-trim-start={line.trimStartFrames}
      data-trim-end={line.trimEndFrames}
      title={`${line.text}\nStarts ${formatTimecode(line.offsetFrames, fps)}${ok ? ` · ${ok.seconds.toFixed(2)} s · ${ok.engine}` : ''}${trimmed ? ` · trimmed ${ts} f / ${te} f` : ''}\nDrag, or ←/→ (Shift: ½ s); drag an edge, or Alt+←/→ (start) and Alt+Shift+←/→ (end), to trim`}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        e.stopPropagation();
        const dir = e.key === 'ArrowLeft' ? -1 : 1;
        if (e.altKey && e.shiftKey) o.onTrim({ trimEndFrames: clamp(line.trimEndFrames - dir, 0, maxTrim(line.trimStartFrames)) });
        else if (e.altKey) o.onTrim({ trimStartFrames: clamp(line.trimStartFrames + dir, 0, maxTrim(line.trimEndFrames)) });
        else o.onMove(line.offsetFrames + dir * (e.shiftKey ? Math.round(fps / 2) : 1));
      }}
      onPointerDown={start('move')}
      onPointerMove={(e) => drag && setDrag({ ...drag, dx: e.clientX - drag.startX })}
      onPointerUp={() => {
        if (!drag) return;
        setDrag(null);
        if (frames === 0) return;
        if (drag.mode === 'move') o.onMove(line.offsetFrames + frames);
        else if (drag.mode === 'trim-start') o.onTrim({ trimStartFrames: ts });
        else o.onTrim({ trimEndFrames: te });
      }}
    >
      <span className="trim-handle start" data-testid="trim-start" aria-hidden="true" onPointerDown={start('trim-start')} />
      <span className="trim-handle end" data-testid="trim-end" aria-hidden="true" onPointerDown={start('trim-end')} />
      {o.sync && (
        <span
          className={`sync-badge ${o.sync.flagged ? 'bad' : ''}`}
          data-testid="sync-badge"
          title={o.sync.note ?? 'Mouth minus sound: positive means the mouth is late'}
        >
          {o.sync.offsetMs === null
            ? 'not measured'
            : `${o.sync.offsetMs > 0 ? '+' : ''}${o.sync.offsetMs} ms${o.sync.flagged ? ' · out of sync' : ''}`}
        </span>
      )}
      {ok ? (
        // The whole audio, shifted so the heard part shows through the region.
        <div className="line-content" style={{ width: full, marginLeft: -ts * ppf }}>
          <Waveform peaks={ok.peaks} seconds={ok.seconds} width={full} height={34} />
          <div className="visemes" data-testid="visemes" aria-label="Mouth shapes per frame">
            {[...ok.visemes].map((v, f) => (
              <span
                key={f}
                style={{ width: ppf, background: VISEME_COLOR[f < ts || f >= total - te ? 'X' : v] }}
                title={`frame ${line.offsetFrames + f}: ${f < ts || f >= total - te ? 'X (trimmed)' : v}`}
              >
                {ppf >= 9 ? v : ''}
              </span>
            ))}
          </div>
        </div>
      ) : o.audio && 'error' in o.audio ? (
        <span className="line-error" role="note">
          {o.audio.error}
        </span>
      ) : (
        <span className="muted small">speaking…</span>
      )}
    </div>
  );
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(x)));
