/*
 * Writes ONNX models (protobuf ModelProto) from a small description, so tests can build tiny
 * synthetic graphs with the real input and output names and shapes of each pack family and run
 * them on the real onnxruntime. Only what those graphs need: tensors, value infos, nodes with
 * int/float/ints/floats/string/tensor attributes, initializers.
 */

export type ElemType = 'float32' | 'int64' | 'int32' | 'float16' | 'uint8' | 'bool';
const ELEM: Record<ElemType, number> = { float32: 1, uint8: 2, int32: 6, int64: 7, bool: 9, float16: 10 };

export interface ValueSpec {
  name: string;
  type: ElemType;
  shape: (number | string)[];
}

export interface Initializer {
  name: string;
  type: 'float32' | 'int64';
  dims: number[];
  data: number[];
}

export type Attr = { i: number } | { f: number } | { ints: number[] } | { floats: number[] } | { s: string } | { t: Initializer };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, Attr>;
}

export interface GraphSpec {
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  nodes: NodeSpec[];
  initializers?: Initializer[];
  opset?: number;
}

class Writer {
  private parts: Buffer[] = [];
  varint(n: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(n));
    const bytes: number[] = [];
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v) b |= 0x80;
      bytes.push(b);
    } while (v);
    this.parts.push(Buffer.from(bytes));
    return this;
  }
  key(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }
  int(field: number, n: number | bigint): this {
    return this.key(field, 0).varint(n);
  }
  bytes(field: number, b: Buffer): this {
    this.key(field, 2).varint(b.length);
    this.parts.push(b);
    return this;
  }
  str(field: number, s: string): this {
    return this.bytes(field, Buffer.from(s, 'utf8'));
  }
  msg(field: number, w: Writer): this {
    return this.bytes(field, w.done());
  }
  float(field: number, x: number): this {
    this.key(field, 5);
    const b = Buffer.alloc(4);
    b.writeFloatLE(x);
    this.parts.push(b);
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function tensor(t: Initializer): Writer {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  w.int(2, ELEM[t.type]);
  w.str(8, t.name);
  const raw =
    t.type === 'float32'
      ? Buffer.from(Float32Array.from(t.data).buffer)
      : Buffer.from(BigInt64Array.from(t.data.map((x) => BigInt(x))).buffer);
  w.bytes(9, raw);
  return w;
}

function valueInfo(v: ValueSpec): Writer {
  const shape = new Writer();
  for (const d of v.shape) shape.msg(1, typeof d === 'number' ? new Writer().int(1, d) : new Writer().str(2, d));
  const tensorType = new Writer().int(1, ELEM[v.type]).msg(2, shape);
  return new Writer().str(1, v.name).msg(2, new Writer().msg(1, tensorType));
}

function attribute(name: string, a: Attr): Writer {
  const w = new Writer().str(1, name);
  if ('i' in a) return w.int(3, a.i).int(20, 2);
  if ('f' in a) return w.float(2, a.f).int(20, 1);
  if ('s' in a) return w.str(4, a.s).int(20, 3);
  if ('t' in a) return w.msg(5, tensor(a.t)).int(20, 4);
  if ('floats' in a) {
    for (const x of a.floats) w.float(7, x);
    return w.int(20, 6);
  }
  for (const x of a.ints) w.int(8, x);
  return w.int(20, 7);
}

/** The ONNX bytes of a graph (IR 8, default opset 17). */
export function onnxModel(g: GraphSpec): Buffer {
  const graph = new Writer();
  g.nodes.forEach((n, k) => {
    const node = new Writer();
    for (const i of n.inputs) node.str(1, i);
    for (const o of n.outputs) node.str(2, o);
    node.str(3, `${n.op}_${k}`).str(4, n.op);
    for (const [name, a] of Object.entries(n.attrs ?? {})) node.msg(5, attribute(name, a));
    graph.msg(1, node);
  });
  graph.str(2, 'synthetic');
  for (const t of g.initializers ?? []) graph.msg(5, tensor(t));
  for (const v of g.inputs) graph.msg(11, valueInfo(v));
  for (const v of g.outputs) graph.msg(12, valueInfo(v));
  return new Writer()
    .int(1, 8)
    .str(2, 'shotline-tests')
    .msg(7, graph)
    .msg(8, new Writer().str(1, '').int(2, g.opset ?? 17))
    .done();
}
