/*
 * Synthetic model packs for tests: real folders in the real layouts (manifest, tokenizer files,
 * ONNX graphs with the real tensor names and shapes), built here from tiny graphs so the pack
 * pipelines can run end to end on onnxruntime without a real model.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { BYTE_CHARS } from '../../src/main/engine/pipelines/packs/clipTokenizer';
import { onnxModel, type GraphSpec } from './onnx';

/** A CLIP-style vocabulary: the 256 byte symbols (alone and word-final), merged pieces, and the two specials. */
export function byteLevelVocab(merges: string[] = []): { vocab: Record<string, number>; merges: string } {
  const vocab: Record<string, number> = {};
  let n = 0;
  for (const c of BYTE_CHARS) vocab[c] = n++;
  for (const c of BYTE_CHARS) vocab[`${c}</w>`] = n++;
  for (const m of merges) vocab[m.replace(' ', '')] = n++;
  vocab['<|startoftext|>'] = n;
  vocab['<|endoftext|>'] = n + 1;
  return { vocab, merges: ['#version: 0.2', ...merges].join('\n') };
}

const f32 = (name: string, dims: number[], data: number[]) => ({ name, type: 'float32' as const, dims, data });
const i64 = (name: string, dims: number[], data: number[]) => ({ name, type: 'int64' as const, dims, data });

/** input_ids int32 [1, 77] → last_hidden_state float32 [1, 77, 8]: each token's id, scaled, in every channel. */
export function textEncoderGraph(dim = 8): GraphSpec {
  return {
    inputs: [{ name: 'input_ids', type: 'int32', shape: [1, 77] }],
    outputs: [{ name: 'last_hidden_state', type: 'float32', shape: [1, 77, dim] }],
    initializers: [
      i64('axis2', [1], [2]),
      f32(
        'ones',
        [1, 1, dim],
        Array.from({ length: dim }, (_, i) => 0.001 * (i + 1)),
      ),
    ],
    nodes: [
      { op: 'Cast', inputs: ['input_ids'], outputs: ['ids_f'], attrs: { to: { i: 1 } } },
      { op: 'Unsqueeze', inputs: ['ids_f', 'axis2'], outputs: ['ids_3'] },
      { op: 'Mul', inputs: ['ids_3', 'ones'], outputs: ['last_hidden_state'] },
    ],
  };
}

/** A UNet stand-in: ε = 0.5·sample + mean(encoder_hidden_states) + 0·timestep. */
export function unetGraph(channels = 4, dim = 8): GraphSpec {
  return {
    inputs: [
      { name: 'sample', type: 'float32', shape: ['batch', channels, 'height', 'width'] },
      { name: 'timestep', type: 'int64', shape: [1] },
      { name: 'encoder_hidden_states', type: 'float32', shape: ['batch', 77, dim] },
    ],
    outputs: [{ name: 'out_sample', type: 'float32', shape: ['batch', channels, 'height', 'width'] }],
    initializers: [f32('half', [], [0.5]), f32('zero', [], [0]), i64('axis3', [1], [3])],
    nodes: [
      { op: 'ReduceMean', inputs: ['encoder_hidden_states'], outputs: ['m'], attrs: { axes: { ints: [1, 2] }, keepdims: { i: 1 } } },
      { op: 'Unsqueeze', inputs: ['m', 'axis3'], outputs: ['m4'] },
      { op: 'Mul', inputs: ['sample', 'half'], outputs: ['s'] },
      { op: 'Add', inputs: ['s', 'm4'], outputs: ['e'] },
      { op: 'Cast', inputs: ['timestep'], outputs: ['tf'], attrs: { to: { i: 1 } } },
      { op: 'Mul', inputs: ['tf', 'zero'], outputs: ['tz'] },
      { op: 'Add', inputs: ['e', 'tz'], outputs: ['out_sample'] },
    ],
  };
}

/**
 * A VAE decoder stand-in: the first three latent channels, 8× nearest upscale in space, tanh(0.02·x):
 * [1, C, h, w] → [1, 3, 8h, 8w], or with frames (video) [1, C, F, h, w] → [1, 3, F, 8h, 8w].
 */
export function vaeDecoderGraph(channels = 4, video = false): GraphSpec {
  const frames = video ? ['frames'] : [];
  return {
    inputs: [{ name: 'latent_sample', type: 'float32', shape: [1, channels, ...frames, 'height', 'width'] }],
    outputs: [{ name: 'sample', type: 'float32', shape: [1, 3, ...frames, 'image_height', 'image_width'] }],
    initializers: [
      i64('st', [1], [0]),
      i64('en', [1], [3]),
      i64('ax', [1], [1]),
      video ? f32('scales', [5], [1, 1, 1, 8, 8]) : f32('scales', [4], [1, 1, 8, 8]),
      f32('gain', [], [0.02]),
    ],
    nodes: [
      { op: 'Slice', inputs: ['latent_sample', 'st', 'en', 'ax'], outputs: ['rgb'] },
      { op: 'Resize', inputs: ['rgb', '', 'scales'], outputs: ['up'], attrs: { mode: { s: 'nearest' } } },
      { op: 'Mul', inputs: ['up', 'gain'], outputs: ['soft'] },
      { op: 'Tanh', inputs: ['soft'], outputs: ['sample'] },
    ],
  };
}

function toContract(g: GraphSpec) {
  return { inputs: g.inputs, outputs: g.outputs };
}

export interface PackFile {
  role: string;
  path: string;
  bytes: Buffer;
  graph?: GraphSpec;
}

/** Writes a pack folder: its files, a CC0 licence, and a manifest with each file's size and sha256. */
export function writePack(folder: string, manifest: Record<string, unknown>, files: PackFile[]): string {
  mkdirSync(folder, { recursive: true });
  for (const f of files) {
    mkdirSync(dirname(join(folder, f.path)), { recursive: true });
    writeFileSync(join(folder, f.path), f.bytes);
  }
  writeFileSync(join(folder, 'LICENSE'), 'CC0 1.0 Universal — synthetic test pack, no rights reserved.\n');
  const full = {
    schema: 1,
    version: '1.0.0',
    description: 'A synthetic pack built by the tests: tiny graphs with the real tensor names and shapes.',
    licence: { name: 'CC0-1.0', file: 'LICENSE' },
    source: { name: 'Shotline test suite (synthetic)' },
    memoryMB: 10,
    providers: ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'],
    ...manifest,
    files: files.map((f) => ({
      role: f.role,
      path: f.path,
      sha256: createHash('sha256').update(f.bytes).digest('hex'),
      bytes: f.bytes.length,
      ...(f.graph ? toContract(f.graph) : {}),
    })),
  };
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(full, null, 2));
  return folder;
}

/** The tokenizer files and one `<role>/model.onnx` per graph, as diffusers-ONNX packs lay them out. */
function diffusersFiles(tok: { vocab: Record<string, number>; merges: string }, graphs: Record<string, GraphSpec>): PackFile[] {
  return [
    { role: 'tokenizer_vocab', path: 'tokenizer/vocab.json', bytes: Buffer.from(JSON.stringify(tok.vocab)) },
    { role: 'tokenizer_merges', path: 'tokenizer/merges.txt', bytes: Buffer.from(tok.merges) },
    ...Object.entries(graphs).map(([role, graph]) => ({ role, path: `${role}/model.onnx`, bytes: onnxModel(graph), graph })),
  ];
}

/** A text-to-image pack in the diffusers-ONNX layout (64×64 keyframes). */
export function writeKeyframePack(
  folder: string,
  o: { id?: string; scheduler?: 'euler' | 'lcm' | 'turbo'; steps?: number; guidance?: number } = {},
) {
  const tok = byteLevelVocab(['r a', 'ra i', 'rai n</w>']);
  const graphs = { text_encoder: textEncoderGraph(), unet: unetGraph(), vae_decoder: vaeDecoderGraph() };
  return writePack(
    folder,
    {
      id: o.id ?? 'synthetic-keyframes',
      name: 'Synthetic keyframes (test)',
      task: 'text-to-image',
      config: { scheduler: o.scheduler ?? 'lcm', steps: o.steps ?? 2, guidance: o.guidance ?? 1.5, width: 64, height: 64 },
    },
    diffusersFiles(tok, graphs),
  );
}

/**
 * A video transformer stand-in: v = 0.5·(first C channels of hidden_states) + mean(encoder_hidden_states)
 * + 0·timestep, minus (image-to-video) the mean of the condition channels: v = noise − data in flow
 * matching, so this pulls the clip toward the first frame's brightness.
 */
export function transformerGraph(C: number, inC: number, dim = 8): GraphSpec {
  const base = baseTransformer(C, inC, dim);
  if (inC === C) return base;
  const last = base.nodes[base.nodes.length - 1]!;
  last.outputs = ['v0'];
  base.initializers!.push(i64('cst', [1], [C]), i64('cen', [1], [inC]));
  base.nodes.push(
    { op: 'Slice', inputs: ['hidden_states', 'cst', 'cen', 'ax'], outputs: ['cond'] },
    { op: 'ReduceMean', inputs: ['cond'], outputs: ['cm'], attrs: { axes: { ints: [1, 2, 3, 4] }, keepdims: { i: 1 } } },
    { op: 'Sub', inputs: ['v0', 'cm'], outputs: ['sample'] },
  );
  return base;
}

function baseTransformer(C: number, inC: number, dim: number): GraphSpec {
  return {
    inputs: [
      { name: 'hidden_states', type: 'float32', shape: [1, inC, 'frames', 'height', 'width'] },
      { name: 'timestep', type: 'float32', shape: [1] },
      { name: 'encoder_hidden_states', type: 'float32', shape: [1, 77, dim] },
    ],
    outputs: [{ name: 'sample', type: 'float32', shape: [1, C, 'frames', 'height', 'width'] }],
    initializers: [
      f32('half', [], [0.5]),
      f32('zero', [], [0]),
      i64('st', [1], [0]),
      i64('en', [1], [C]),
      i64('ax', [1], [1]),
      i64('axes34', [2], [3, 4]),
    ],
    nodes: [
      { op: 'Slice', inputs: ['hidden_states', 'st', 'en', 'ax'], outputs: ['x'] },
      { op: 'ReduceMean', inputs: ['encoder_hidden_states'], outputs: ['m'], attrs: { axes: { ints: [1, 2] }, keepdims: { i: 1 } } },
      { op: 'Unsqueeze', inputs: ['m', 'axes34'], outputs: ['m5'] },
      { op: 'Mul', inputs: ['x', 'half'], outputs: ['s'] },
      { op: 'Add', inputs: ['s', 'm5'], outputs: ['e'] },
      { op: 'Mul', inputs: ['timestep', 'zero'], outputs: ['tz'] },
      { op: 'Add', inputs: ['e', 'tz'], outputs: ['sample'] },
    ],
  };
}

/** Video VAE encoder stand-in: [1, 3, 1, H, W] → 8× nearest downscale → C channels (RGB + R again) → [1, C, 1, h, w]. */
export function videoVaeEncoderGraph(C: number): GraphSpec {
  const extra = C - 3;
  return {
    inputs: [{ name: 'sample', type: 'float32', shape: [1, 3, 1, 'image_height', 'image_width'] }],
    outputs: [{ name: 'latent_sample', type: 'float32', shape: [1, C, 1, 'height', 'width'] }],
    initializers: [f32('scales', [5], [1, 1, 1, 0.125, 0.125]), i64('st', [1], [0]), i64('en', [1], [extra]), i64('ax', [1], [1])],
    nodes: [
      { op: 'Resize', inputs: ['sample', '', 'scales'], outputs: ['down'], attrs: { mode: { s: 'nearest' } } },
      { op: 'Slice', inputs: ['down', 'st', 'en', 'ax'], outputs: ['more'] },
      { op: 'Concat', inputs: ['down', 'more'], outputs: ['latent_sample'], attrs: { axis: { i: 1 } } },
    ],
  };
}

/** A text-to-video or image-to-video pack (flow matching; 64×48, 5 frames, 4 latent channels). */
export function writeVideoPack(
  folder: string,
  o: { id?: string; task?: 'text-to-video' | 'image-to-video'; steps?: number; guidance?: number } = {},
) {
  const task = o.task ?? 'text-to-video';
  const C = 4;
  const tok = byteLevelVocab();
  const graphs: Record<string, GraphSpec> = {
    text_encoder: textEncoderGraph(),
    transformer: transformerGraph(C, task === 'image-to-video' ? 2 * C : C),
    vae_decoder: vaeDecoderGraph(C, true),
    ...(task === 'image-to-video' ? { vae_encoder: videoVaeEncoderGraph(C) } : {}),
  };
  return writePack(
    folder,
    {
      id: o.id ?? `synthetic-${task}`,
      name: `Synthetic ${task} (test)`,
      task,
      config: {
        steps: o.steps ?? 3,
        guidance: o.guidance ?? 3,
        shift: 3,
        latentChannels: C,
        spatialScale: 8,
        temporalScale: 1,
        frames: 5,
        width: 64,
        height: 48,
        fps: 8,
      },
    },
    diffusersFiles(tok, graphs),
  );
}

/**
 * A Piper/VITS voice stand-in: each phoneme id becomes `hop` samples of sin(id)·0.5·noise_scale, as
 * output [1, 1, 1, ids·hop]; input_lengths and the other scales are consumed.
 */
export function piperGraph(hop = 64, speakers = 1): GraphSpec {
  const g: GraphSpec = {
    inputs: [
      { name: 'input', type: 'int64', shape: [1, 'phonemes'] },
      { name: 'input_lengths', type: 'int64', shape: [1] },
      { name: 'scales', type: 'float32', shape: [3] },
      ...(speakers > 1 ? [{ name: 'sid', type: 'int64' as const, shape: [1] }] : []),
    ],
    outputs: [{ name: 'output', type: 'float32', shape: [1, 1, 1, 'time'] }],
    initializers: [
      i64('axis2', [1], [2]),
      f32('ones', [1, 1, hop], new Array<number>(hop).fill(1)),
      i64('shape', [4], [1, 1, 1, -1]),
      f32('zero', [], [0]),
      i64('i0', [1], [0]),
      i64('i1', [1], [1]),
      f32('half', [], [0.5]),
    ],
    nodes: [
      { op: 'Cast', inputs: ['input'], outputs: ['f'], attrs: { to: { i: 1 } } },
      { op: 'Unsqueeze', inputs: ['f', 'axis2'], outputs: ['f3'] },
      { op: 'Mul', inputs: ['f3', 'ones'], outputs: ['tiled'] },
      { op: 'Reshape', inputs: ['tiled', 'shape'], outputs: ['flat'] },
      { op: 'Sin', inputs: ['flat'], outputs: ['wave'] },
      { op: 'Slice', inputs: ['scales', 'i0', 'i1'], outputs: ['noise'] },
      { op: 'Mul', inputs: ['noise', 'half'], outputs: ['gain'] },
      { op: 'Mul', inputs: ['wave', 'gain'], outputs: ['loud'] },
      { op: 'Cast', inputs: ['input_lengths'], outputs: ['lf'], attrs: { to: { i: 1 } } },
      { op: 'Mul', inputs: ['lf', 'zero'], outputs: ['lz'] },
      { op: 'Add', inputs: ['loud', 'lz'], outputs: ['output'] },
    ],
  };
  return g;
}

/** A character-based ("text") Piper voice pack at 16 kHz. */
export function writeVoicePack(folder: string, o: { id?: string; phonemeType?: 'text' | 'espeak' } = {}) {
  const map: Record<string, number[]> = { _: [0], '^': [1], $: [2], ' ': [3] };
  // Letters and punctuation (character voices) and the IPA of English (espeak-ng voices), as code points.
  const symbols = [...new Set([...'abcdefghijklmnopqrstuvwxyz.,!?', ...'əɪʊɛæɑɔʌɜɐɚɝθðʃʒŋɹɾʔˈˌːʲ\u0303'.normalize('NFD')])];
  symbols.forEach((c, i) => (map[c] = [4 + i]));
  const config = {
    audio: { sample_rate: 16000 },
    phoneme_type: o.phonemeType ?? 'text',
    espeak: { voice: 'en-us' },
    phoneme_id_map: map,
    inference: { noise_scale: 0.667, length_scale: 1, noise_w: 0.8 },
    num_speakers: 1,
  };
  const graph = piperGraph();
  return writePack(folder, { id: o.id ?? 'synthetic-voice', name: 'Synthetic voice (test)', task: 'tts' }, [
    { role: 'model', path: 'voice.onnx', bytes: onnxModel(graph), graph },
    { role: 'config', path: 'voice.onnx.json', bytes: Buffer.from(JSON.stringify(config)) },
  ]);
}

/** A .zip of a folder's files (deflated), written by hand: tests need no zip tool. */
export function zipFolder(folder: string, files: string[], prefix = ''): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const rel of files) {
    const data = readFileSync(join(folder, rel));
    const comp = deflateRawSync(data);
    const name = Buffer.from(prefix + rel);
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, comp);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    central.push(ch, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function crc32(b: Buffer): number {
  let c = ~0;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
