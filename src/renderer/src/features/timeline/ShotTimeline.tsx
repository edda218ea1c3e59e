import { useEffect, useRef, useState } from 'react';
import type { Project, Shot } from '../../../../shared/domain';
import { formatTimecode } from '../../../../shared/time';
import type { Studio } from '../../state/studio';

type LineAudio = { path: string; durationFrames: number; seconds: number; peaks: number[]; visemes: string; engine: string };

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

/** The waveform of a line as an SVG path of its peaks (mirrored around the middle). */
function Waveform({ peaks, width, height }: { peaks: number[]; width: number; height: number }) {
  if (peaks.length === 0 || width <= 0) return null;
  const step = Math.max(1, Math.floor(peaks.length / Math.max(1, Math.round(width))));
  const pts: string[] = [];
  const n = Math.ceil(peaks.length / step);
  for (let k = 0; k < n; k++) {
    let m = 0;
    for (let i = k * step; i < Math.min(peaks.length, (k + 1) * step); i++) m = Math.max(m, peaks[i]!);
    const x = (k / n) * width;
    pts.push(`M${x.toFixed(1)} ${(height / 2 - (m * height) / 2).toFixed(1)}V${(height / 2 + (m * height) / 2).toFixed(1)}`);
  }
  return (
    <svg className="waveform" width={width} height={height} aria-hidden="true" data-testid="waveform">
      <path d={pts.join('')} stroke="currentColor" strokeWidth={Math.max(1, width / n)} />
    </svg>
  );
}

/**
 * The selected shot's dialogue on a time ruler: a lane per speaking character, one region per line
 * with its waveform and its mouth shapes frame by frame. Drag a region (or use ←/→, Shift for half
 * a second) to retime the line; each move is one undo step.
 */
export function ShotTimeline({ studio, project, shot }: { studio: Studio; project: Project; shot: Shot }) {
  const fps = project.settings.fps;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  const [audio, setAudio] = useState<Record<string, LineAudio | { error: string }>>({});
  const [drag, setDrag] = useState<{ lineId: string; startX: number; from: number; dx: number } | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(200, el.clientWidth - 90)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // What decides each line's audio: its text, speaker and the speaker's voice.
  const keys = shot.dialogue.map((l) => {
    const c = project.characters.find((x) => x.id === l.characterId);
    return { line: l, key: JSON.stringify([l.text, l.source, l.assetPath, l.characterId, c?.voice]) };
  });
  const keyString = keys.map((k) => `${k.line.id}:${k.key}`).join('|');
  useEffect(() => {
    let live = true;
    for (const { line, key } of keys) {
      if (!line.text.trim()) continue;
      void studio.api.dialogue.audio({ projectId: project.id, shotId: shot.id, lineId: line.id }).then((r) => {
        if (!live) return;
        setAudio((a) => ({ ...a, [`${line.id}:${key}`]: r.ok ? r.value : { error: r.error.message } }));
      });
    }
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keyString, project.id, shot.id, studio]);

  const ppf = width / shot.durationFrames;
  const move = (lineId: string, offsetFrames: number) => {
    const clamped = Math.max(0, Math.min(shot.durationFrames - 1, Math.round(offsetFrames)));
    void studio.edit((api) => api.dialogue.update({ projectId: project.id, shotId: shot.id, lineId, patch: { offsetFrames: clamped } }));
  };
  const speakers = [...new Set(shot.dialogue.map((l) => l.characterId))];
  const seconds = Math.floor(shot.durationFrames / fps);

  return (
    <section className="timeline" aria-label="Dialogue timeline" ref={box}>
      <div className="timeline-ruler" style={{ marginLeft: 90, width }}>
        {Array.from({ length: seconds + 1 }, (_, s) => (
          <span key={s} className="tick" style={{ left: s * fps * ppf }}>
            {formatTimecode(s * fps, fps).slice(3, 8)}
          </span>
        ))}
      </div>
      {speakers.length === 0 && <p className="muted small">No dialogue in this shot: add a line in the inspector to see it here.</p>}
      {speakers.map((cid) => {
        const who = project.characters.find((c) => c.id === cid);
        return (
          <div key={cid} className="timeline-lane" role="group" aria-label={`${who?.name ?? 'Unknown'} dialogue lane`}>
            <span className="lane-name" style={{ color: who?.color }}>
              {who?.name ?? '—'}
            </span>
            <div className="lane-body" style={{ width }}>
              {keys
                .filter((k) => k.line.characterId === cid)
                .map(({ line, key }) => {
                  const a = audio[`${line.id}:${key}`];
                  const ok = a && !('error' in a) ? a : null;
                  const dx = drag?.lineId === line.id ? drag.dx : 0;
                  const left = line.offsetFrames * ppf + dx;
                  const w = Math.max(6, (ok?.durationFrames ?? fps) * ppf);
                  return (
                    <div
                      key={line.id}
                      className={`line-region ${drag?.lineId === line.id ? 'dragging' : ''}`}
                      style={{ left, width: w }}
                      role="slider"
                      tabIndex={0}
                      aria-label={`Line “${line.text.slice(0, 40)}”`}
                      aria-valuemin={0}
                      aria-valuemax={shot.durationFrames - 1}
                      aria-valuenow={line.offsetFrames}
                      aria-valuetext={`starts at ${formatTimecode(line.offsetFrames, fps)}`}
                      data-testid="line-region"
                      data-offset={line.offsetFrames}
                      title={`${line.text}\nStarts ${formatTimecode(line.offsetFrames, fps)}${ok ? ` · ${ok.seconds.toFixed(2)} s · ${ok.engine}` : ''}\nDrag, or ←/→ (Shift: ½ s)`}
                      onKeyDown={(e) => {
                        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
                        e.preventDefault();
                        e.stopPropagation();
                        const step = (e.shiftKey ? Math.round(fps / 2) : 1) * (e.key === 'ArrowLeft' ? -1 : 1);
                        move(line.id, line.offsetFrames + step);
                      }}
                      onPointerDown={(e) => {
                        (e.target as HTMLElement).setPointerCapture?.(e.pointerId);
                        setDrag({ lineId: line.id, startX: e.clientX, from: line.offsetFrames, dx: 0 });
                      }}
                      onPointerMove={(e) => drag?.lineId === line.id && setDrag({ ...drag, dx: e.clientX - drag.startX })}
                      onPointerUp={() => {
                        if (!drag || drag.lineId !== line.id) return;
                        setDrag(null);
                        const frames = Math.round(drag.dx / ppf);
                        if (frames !== 0) move(line.id, drag.from + frames);
                      }}
                    >
                      {ok ? (
                        <>
                          <Waveform peaks={ok.peaks} width={w} height={34} />
                          <div className="visemes" data-testid="visemes" aria-label="Mouth shapes per frame">
                            {[...ok.visemes].map((v, f) => (
                              <span
                                key={f}
                                style={{ width: ppf, background: VISEME_COLOR[v] }}
                                title={`frame ${line.offsetFrames + f}: ${v}`}
                              >
                                {ppf >= 9 ? v : ''}
                              </span>
                            ))}
                          </div>
                        </>
                      ) : a && 'error' in a ? (
                        <span className="line-error" role="note">
                          {a.error}
                        </span>
                      ) : (
                        <span className="muted small">speaking…</span>
                      )}
                    </div>
                  );
                })}
            </div>
          </div>
        );
      })}
    </section>
  );
}
