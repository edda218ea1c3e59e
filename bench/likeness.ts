/**
 * npm run bench:likeness — how far apart the likeness guard's face embeddings put one person's
 * frames and two people's. Faces: the six frames of one man in test/fixtures/images/franck, six
 * frames of another (the webcam head turn in test/fixtures/video), and the astronaut portrait.
 * Prints the lowest same-person and the highest different-person similarity and where the guard's
 * threshold sits between them. Run from the repository root.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { LIKENESS_GUARD_THRESHOLD } from '../src/main/engine/cameo/cameoService';
import { cosineSimilarity, type RgbaFrame } from '../src/main/engine/cameo/capture/faceModels';
import { HumanFaceModels } from '../src/main/engine/cameo/capture/humanFace';
import { resolveMediaTools } from '../src/main/engine/export/ffmpegPaths';

const SIZE = 320;
const fixtures = join(process.cwd(), 'test', 'fixtures');

async function imageFrame(file: string): Promise<RgbaFrame> {
  const c = createCanvas(SIZE, SIZE);
  const g = c.getContext('2d');
  g.drawImage(await loadImage(file), 0, 0, SIZE, SIZE);
  return { data: new Uint8Array(g.getImageData(0, 0, SIZE, SIZE).data.buffer), width: SIZE, height: SIZE };
}

/** A frame of a video at `t` seconds, letterboxed into the square. */
function videoFrame(file: string, t: number): RgbaFrame {
  const vf = `scale=${SIZE}:${SIZE}:force_original_aspect_ratio=decrease,pad=${SIZE}:${SIZE}:(ow-iw)/2:(oh-ih)/2`;
  const raw = execFileSync(
    resolveMediaTools().ffmpeg,
    ['-v', 'error', '-ss', String(t), '-i', file, '-frames:v', '1', '-vf', vf, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'],
    {
      maxBuffer: SIZE * SIZE * 4 + 1024,
    },
  );
  return { data: new Uint8Array(raw), width: SIZE, height: SIZE };
}

async function main(): Promise<void> {
  const faces: { person: string; label: string; frame: RgbaFrame }[] = [];
  const franck = join(fixtures, 'images', 'franck');
  for (const f of readdirSync(franck)
    .filter((n) => n.endsWith('.jpg'))
    .sort())
    faces.push({ person: 'franck', label: f, frame: await imageFrame(join(franck, f)) });
  for (const t of [0.3, 1, 1.7, 2.4, 3.1, 3.8])
    faces.push({ person: 'webcam', label: `webcam-headturn@${t}s`, frame: videoFrame(join(fixtures, 'video', 'webcam-headturn.mp4'), t) });
  faces.push({
    person: 'astronaut',
    label: 'portrait-astronaut.jpg',
    frame: await imageFrame(join(fixtures, 'images', 'portrait-astronaut.jpg')),
  });

  const models = new HumanFaceModels();
  const read: { person: string; label: string; embedding: Float32Array; yaw: number }[] = [];
  for (const f of faces) {
    const r = await models.readFace(f.frame, { embedding: true });
    if (!r?.embedding) console.log(`  no face found in ${f.label}`);
    else read.push({ person: f.person, label: f.label, embedding: r.embedding, yaw: r.yaw });
  }
  await models.close();

  let same = { s: Infinity, pair: '' };
  let diff = { s: -Infinity, pair: '' };
  let pairs = 0;
  for (let i = 0; i < read.length; i++)
    for (let j = i + 1; j < read.length; j++) {
      const [a, b] = [read[i]!, read[j]!];
      const s = cosineSimilarity(a.embedding, b.embedding);
      const pair = `${a.label} (yaw ${a.yaw.toFixed(0)}°) / ${b.label} (yaw ${b.yaw.toFixed(0)}°)`;
      pairs++;
      if (a.person === b.person && s < same.s) same = { s, pair };
      if (a.person !== b.person && s > diff.s) diff = { s, pair };
    }
  console.log(
    [
      `bench:likeness — ${read.length} faces of 3 people, ${pairs} pairs (faceres embedding, cosine similarity)`,
      `  same person, lowest       ${same.s.toFixed(3)}   ${same.pair}`,
      `  different people, highest ${diff.s.toFixed(3)}   ${diff.pair}`,
      `  guard threshold           ${LIKENESS_GUARD_THRESHOLD}   margin ${(same.s - LIKENESS_GUARD_THRESHOLD).toFixed(3)} below the same person, ${(LIKENESS_GUARD_THRESHOLD - diff.s).toFixed(3)} above different people`,
    ].join('\n'),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
