import type { DialogueLine, Shot } from './schemas';

export interface DialogueSpan {
  line: DialogueLine;
  /** Frames from the start of the shot. */
  start: number;
  end: number;
}

/**
 * When each spoken line is on screen: from its offset until a later line starts (lines that start
 * together share the screen) or the shot ends. Empty lines are left out. Previz captions and the
 * exported subtitles both use this, so the SRT matches what is burned into the picture.
 */
export function dialogueSpans(shot: Shot): DialogueSpan[] {
  // A line trimmed at its start is first heard (and shown) that much later.
  const heard = (d: DialogueLine) => d.offsetFrames + (d.trimStartFrames ?? 0);
  const lines = shot.dialogue
    .filter((d) => d.text.trim() !== '' && heard(d) < shot.durationFrames)
    .map((d, i) => ({ d, i }))
    .sort((a, b) => heard(a.d) - heard(b.d) || a.i - b.i)
    .map(({ d }) => d);
  return lines.map((line) => {
    const next = lines.find((o) => heard(o) > heard(line));
    return { line, start: heard(line), end: next ? heard(next) : shot.durationFrames };
  });
}
