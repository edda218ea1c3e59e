import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Project, Shot } from '../../../../shared/domain';
import { formatTimecode } from '../../../../shared/time';
import type { Studio } from '../../state/studio';
import { LineRegion, type LineAudio, type LineSync } from './LineRegion';

/** Sets playback properties of the preview element (kept out of render code). */
function setMedia(el: HTMLMediaElement, o: { currentTime?: number; playbackRate?: number; loop?: boolean }): void {
  Object.assign(el, o);
}

/**
 * The selected shot's dialogue on a time ruler: a lane per speaking character, one region per line
 * with its waveform and its mouth shapes frame by frame. Drag a region (or use ←/→, Shift for half
 * a second) to retime the line; each move is one undo step.
 */
export function ShotTimeline({
  studio,
  project,
  shot,
  video,
  hasTake,
}: {
  studio: Studio;
  project: Project;
  shot: Shot;
  /** The shot's rendered take: the preview that plays picture and sound in sync. */
  video: RefObject<HTMLVideoElement | null>;
  hasTake: boolean;
}) {
  const fps = project.settings.fps;
  const box = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState(600);
  const [zoom, setZoom] = useState(1);
  const width = Math.round(fit * zoom);
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [loop, setLoop] = useState(false);
  const [rate, setRate] = useState(1);
  const [sync, setSync] = useState<Record<string, LineSync> | null>(null);
  const checkSync = async () => {
    const r = await studio.api.lipsync.report({ projectId: project.id });
    if (r.ok) setSync(Object.fromEntries(r.value.lines.map((l) => [l.lineId, l])));
  };

  // The playhead follows the take while it plays.
  useEffect(() => {
    const v = video.current;
    if (!v) return;
    let raf = 0;
    const tick = () => {
      setFrame(Math.min(shot.durationFrames - 1, Math.floor(v.currentTime * fps + 1e-3)));
      if (!v.paused) raf = requestAnimationFrame(tick);
    };
    const onPlay = () => {
      setPlaying(true);
      raf = requestAnimationFrame(tick);
    };
    const onPause = () => {
      setPlaying(false);
      tick();
    };
    v.addEventListener('play', onPlay);
    v.addEventListener('pause', onPause);
    v.addEventListener('seeked', tick);
    setMedia(v, { loop });
    return () => {
      cancelAnimationFrame(raf);
      v.removeEventListener('play', onPlay);
      v.removeEventListener('pause', onPause);
      v.removeEventListener('seeked', tick);
    };
  }, [video, hasTake, fps, shot.durationFrames, loop]);

  const seek = (f: number) => {
    const clamped = Math.max(0, Math.min(shot.durationFrames - 1, f));
    setFrame(clamped);
    if (video.current) setMedia(video.current, { currentTime: (clamped + 0.5) / fps });
  };
  const play = (r = 1) => {
    const v = video.current;
    if (!v) return;
    setMedia(v, { playbackRate: r });
    setRate(r);
    void v.play().catch(() => undefined);
  };
  const pause = () => video.current?.pause();
  /** Space play/pause · J back 1 s · K pause · L play (again: faster) · ←/→ one frame · Home/End. */
  const onKey = (e: React.KeyboardEvent) => {
    const k = e.key;
    const handled = [' ', 'j', 'k', 'l', 'ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(k);
    if (!handled || (e.target as HTMLElement).getAttribute('role') === 'slider') return;
    e.preventDefault();
    e.stopPropagation();
    if (k === ' ') return playing ? pause() : play();
    if (k === 'k') return pause();
    if (k === 'l') return play(playing ? Math.min(2, rate * 1.5) : 1);
    if (k === 'j') return seek(frame - fps);
    pause();
    if (k === 'ArrowLeft') seek(frame - 1);
    if (k === 'ArrowRight') seek(frame + 1);
    if (k === 'Home') seek(0);
    if (k === 'End') seek(shot.durationFrames - 1);
  };
  const [audio, setAudio] = useState<Record<string, LineAudio | { error: string }>>({});

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setFit(Math.max(200, el.clientWidth - 100)));
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
  const trim = (lineId: string, patch: { trimStartFrames?: number; trimEndFrames?: number }) =>
    void studio.edit((api) => api.dialogue.update({ projectId: project.id, shotId: shot.id, lineId, patch }));
  const speakers = [...new Set(shot.dialogue.map((l) => l.characterId))];
  const seconds = Math.floor(shot.durationFrames / fps);
  const moveCue = (cueId: string, startFrame: number) =>
    void studio.edit((api) =>
      api.sound.update({
        projectId: project.id,
        shotId: shot.id,
        cueId,
        patch: { startFrame: Math.max(0, Math.min(shot.durationFrames - 1, Math.round(startFrame))) },
      }),
    );

  return (
    <section
      className="timeline"
      aria-label="Dialogue timeline"
      ref={box}
      tabIndex={0}
      onKeyDown={onKey}
      onWheel={(e) => {
        if (!e.ctrlKey && !e.metaKey) return;
        e.preventDefault();
        setZoom((z) => Math.max(1, Math.min(12, z * (e.deltaY < 0 ? 1.25 : 0.8))));
      }}
    >
      <div className="timeline-transport">
        <button
          onClick={() => (playing ? pause() : play())}
          disabled={!hasTake}
          aria-label={playing ? 'Pause' : 'Play'}
          title="Play / pause (Space; J K L shuttle)"
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <button onClick={() => setLoop(!loop)} aria-pressed={loop} disabled={!hasTake} title="Loop the shot">
          ⟲ Loop
        </button>
        <button onClick={() => void checkSync()} title="Measure each line's mouth against its sound (flags more than 25 ms)">
          Check sync
        </button>
        <span className="timecode" data-testid="playhead-timecode">
          {formatTimecode(frame, fps)} · frame {frame}
        </span>
        <span className="muted small">
          {hasTake
            ? `${rate !== 1 ? `${rate.toFixed(1)}× · ` : ''}Ctrl+wheel zooms (${zoom.toFixed(1)}×)`
            : 'Render this shot to preview it with sound.'}
        </span>
      </div>
      <div className="timeline-scroll">
        <div
          className="timeline-ruler"
          style={{ marginLeft: 90, width }}
          onPointerDown={(e) => {
            const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
            seek(Math.floor((e.clientX - r.left) / ppf));
          }}
          title="Click to move the playhead"
        >
          {Array.from({ length: seconds + 1 }, (_, s) => (
            <span key={s} className="tick" style={{ left: s * fps * ppf }}>
              {formatTimecode(s * fps, fps).slice(3, 8)}
            </span>
          ))}
          <span className="playhead" style={{ left: frame * ppf }} aria-hidden="true" />
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
                  .map(({ line, key }) => (
                    <LineRegion
                      key={line.id}
                      line={line}
                      audio={audio[`${line.id}:${key}`]}
                      sync={sync?.[line.id]}
                      ppf={ppf}
                      fps={fps}
                      shotFrames={shot.durationFrames}
                      onMove={(f) => move(line.id, f)}
                      onTrim={(patch) => trim(line.id, patch)}
                    />
                  ))}
              </div>
            </div>
          );
        })}
        {(['ambience', 'effect', 'music'] as const).map((kind) => {
          const cues = shot.sound.filter((c) => c.kind === kind);
          if (cues.length === 0) return null;
          return (
            <div key={kind} className="timeline-lane" role="group" aria-label={`${kind} lane`}>
              <span className="lane-name muted">{kind === 'effect' ? 'Effects' : kind === 'music' ? 'Music' : 'Ambience'}</span>
              <div className="lane-body cue-lane" style={{ width }}>
                {cues.map((c) => (
                  <div
                    key={c.id}
                    className={`cue-region cue-${kind}`}
                    style={{
                      left: c.startFrame * ppf,
                      width: Math.max(6, Math.min(c.lengthFrames, shot.durationFrames - c.startFrame) * ppf),
                    }}
                    role="slider"
                    tabIndex={0}
                    aria-label={`${c.label || c.preset || 'Sound'} (${c.preset ? 'procedural' : 'file'})`}
                    aria-valuemin={0}
                    aria-valuemax={shot.durationFrames - 1}
                    aria-valuenow={c.startFrame}
                    title={`${c.label} · ${c.preset ? `${c.preset} (procedural)` : 'imported file'} · ${c.gainDb} dB\n←/→ moves it (Shift: ½ s)`}
                    onKeyDown={(e) => {
                      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
                      e.preventDefault();
                      e.stopPropagation();
                      moveCue(c.id, c.startFrame + (e.shiftKey ? Math.round(fps / 2) : 1) * (e.key === 'ArrowLeft' ? -1 : 1));
                    }}
                  >
                    {c.label || c.preset}
                  </div>
                ))}
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
}
