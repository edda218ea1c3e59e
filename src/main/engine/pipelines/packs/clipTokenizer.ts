/*
 * CLIP's byte-level BPE tokenizer (the one Stable Diffusion-family text encoders use), reading a
 * pack's tokenizer/vocab.json and tokenizer/merges.txt.
 */

/** GPT-2/CLIP's reversible byte → printable character table. */
function bytesToUnicode(): string[] {
  const bs: number[] = [];
  for (let i = 33; i <= 126; i++) bs.push(i);
  for (let i = 161; i <= 172; i++) bs.push(i);
  for (let i = 174; i <= 255; i++) bs.push(i);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const table: string[] = new Array<string>(256);
  bs.forEach((b, i) => (table[b] = String.fromCodePoint(cs[i]!)));
  return table;
}

/** The byte → character table (exported for tests that build tiny vocabularies). */
export const BYTE_CHARS = bytesToUnicode();
const PATTERN = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/giu;

export class ClipTokenizer {
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();
  readonly bos: number;
  readonly eos: number;

  constructor(
    private readonly vocab: Record<string, number>,
    merges: string,
  ) {
    merges
      .split('\n')
      .filter((l) => l && !l.startsWith('#version'))
      .forEach((l, i) => this.ranks.set(l.trim(), i));
    const id = (t: string) => {
      const v = vocab[t];
      if (v === undefined) throw new Error(`The tokenizer's vocabulary has no ${t} token.`);
      return v;
    };
    this.bos = id('<|startoftext|>');
    this.eos = id('<|endoftext|>');
  }

  private bpe(word: string): string[] {
    const hit = this.cache.get(word);
    if (hit) return hit;
    let parts = [...word];
    parts[parts.length - 1] += '</w>';
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < parts.length - 1; i++) {
        const r = this.ranks.get(`${parts[i]} ${parts[i + 1]}`);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      parts = [...parts.slice(0, best), parts[best]! + parts[best + 1]!, ...parts.slice(best + 2)];
    }
    this.cache.set(word, parts);
    return parts;
  }

  /** Token ids of the text, without BOS/EOS. Unknown pieces are skipped. */
  encode(text: string): number[] {
    const clean = text.toLowerCase().replace(/\s+/g, ' ').trim();
    const ids: number[] = [];
    for (const m of clean.matchAll(PATTERN)) {
      const mapped = [...Buffer.from(m[0], 'utf8')].map((b) => BYTE_CHARS[b]).join('');
      for (const piece of this.bpe(mapped)) {
        const id = this.vocab[piece];
        if (id !== undefined) ids.push(id);
      }
    }
    return ids;
  }

  /** BOS, the tokens (cut to fit), EOS, padded with `pad` (EOS by default) to `length`. */
  encodePadded(text: string, length = 77, pad = this.eos): Int32Array {
    const body = this.encode(text).slice(0, length - 2);
    const out = new Int32Array(length).fill(pad);
    out[0] = this.bos;
    out.set(body, 1);
    out[body.length + 1] = this.eos;
    return out;
  }
}
