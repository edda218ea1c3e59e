/**
 * npm run bench:lipsync — real-time factors (seconds of dialogue per second of wall time) on a
 * minute of dialogue: flite TTS with phone timings (one worker thread per line), phones → visemes
 * with smoothing, and the sync measurement (mouth vs speech cross-correlation). The baseline of
 * the same run: reading the synthesized WAVs back (decode only). Forced alignment is measured on
 * the same lines treated as recordings (timings hidden), against a reference in another voice.
 */
import { cpus } from 'node:os';
import { envelope, opennessCurve, syncOffsetMs } from '../src/main/engine/pipelines/lipsync/syncOffset';
import { alignPhones } from '../src/main/engine/pipelines/lipsync/align';
import { agreement, rawVisemeTrack, smoothVisemes } from '../src/main/engine/pipelines/lipsync/visemes';
import { readWavMono, synthesizeFliteTimed, type TimedPhone } from '../src/main/engine/pipelines/speech/fliteTts';

const LINES = [
  'The storm rolls in over the harbour and the lights go out one by one.',
  'She picks up the red umbrella and walks toward the lighthouse.',
  'Nobody on the boat says a word until the engine starts.',
  'Then the bees and I owe you a drink.',
  'Whatever you like. That is the whole point.',
  'We need one more take before the rain comes back.',
];

async function main(): Promise<void> {
  console.log(`bench:lipsync — ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`);
  const fps = 24;
  const takes: { wav: Buffer; phones: TimedPhone[] }[] = [];
  let seconds = 0;
  const t0 = performance.now();
  for (let k = 0; seconds < 60; k++) {
    const r = await synthesizeFliteTimed(LINES[k % LINES.length]!, { voice: k % 2 ? 'rms' : 'slt' });
    takes.push(r);
    seconds += r.phones.at(-1)?.end ?? 0;
  }
  const tts = (performance.now() - t0) / 1000;

  const d0 = performance.now();
  const audio = takes.map((t) => readWavMono(t.wav));
  const decode = (performance.now() - d0) / 1000;

  const v0 = performance.now();
  const tracks = takes.map((t) => smoothVisemes(rawVisemeTrack(t.phones, fps, Math.ceil((t.phones.at(-1)?.end ?? 0) * fps))));
  const visemes = (performance.now() - v0) / 1000;

  const s0 = performance.now();
  const offsets = tracks.map((tr, i) => syncOffsetMs(opennessCurve(tr, fps), envelope(audio[i]!.samples, audio[i]!.sampleRate)).offsetMs);
  const sync = (performance.now() - s0) / 1000;

  // Forced alignment: each line's audio as a "recording", aligned against the same text in another voice.
  const refs: { samples: Float32Array; sampleRate: number; phones: TimedPhone[] }[] = [];
  for (let k = 0; k < takes.length; k++) {
    const r = await synthesizeFliteTimed(LINES[k % LINES.length]!, { voice: k % 2 ? 'slt' : 'rms' });
    refs.push({ ...readWavMono(r.wav), phones: r.phones });
  }
  const a0 = performance.now();
  const agreements = takes.map((t, i) => {
    const aligned = alignPhones({ reference: refs[i]!, take: audio[i]! });
    const frames = Math.ceil((audio[i]!.samples.length / audio[i]!.sampleRate) * fps);
    return agreement(smoothVisemes(rawVisemeTrack(aligned, fps, frames)), rawVisemeTrack(t.phones, fps, frames));
  });
  const align = (performance.now() - a0) / 1000;

  const rtf = (wall: number) => (wall > 0 ? `${(seconds / wall).toFixed(1)}× real time` : '—');
  console.log(`dialogue: ${takes.length} lines, ${seconds.toFixed(1)} s of speech`);
  console.log(`  TTS (flite, phone timings)   ${tts.toFixed(2)} s   ${rtf(tts)}`);
  console.log(`  read WAVs back (baseline)    ${decode.toFixed(3)} s   ${rtf(decode)}`);
  console.log(
    `  phones → visemes (smoothed)  ${visemes.toFixed(3)} s   ${rtf(visemes)}   (${(visemes / Math.max(decode, 1e-6)).toFixed(2)}× the baseline)`,
  );
  console.log(
    `  sync measurement             ${sync.toFixed(3)} s   ${rtf(sync)}   (${(sync / Math.max(decode, 1e-6)).toFixed(2)}× the baseline)`,
  );
  console.log(`  measured offsets: max |offset| ${Math.max(...offsets.map(Math.abs))} ms over ${offsets.length} lines`);
  console.log(
    `  forced alignment (MFCC + DTW) ${align.toFixed(2)} s   ${rtf(align)}   mean viseme agreement ${((agreements.reduce((x, y) => x + y, 0) / agreements.length) * 100).toFixed(1)} %`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
