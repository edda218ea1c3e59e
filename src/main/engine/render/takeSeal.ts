import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { hashFile } from './contentHash';

/**
 * A take's seal: its size and sha-256, written beside it (`<take>.seal`) once the take is complete.
 * A take's name says what it should show; the seal says the bytes on disk are still the ones that
 * were rendered. A take cut short (a copy interrupted, a disk that filled, a sync tool) would
 * otherwise export as a shorter shot without any error.
 */
const SealSchema = z.object({ v: z.literal(1), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export type TakeState = 'intact' | 'missing' | 'unsealed' | 'damaged';

const sealOf = (take: string) => `${take}.seal`;

/** Seals a finished take (call after it has its final name). */
export async function sealTake(take: string): Promise<void> {
  const seal = { v: 1, bytes: statSync(take).size, sha256: await hashFile(take) };
  const part = `${sealOf(take)}.part`;
  writeFileSync(part, JSON.stringify(seal));
  renameSync(part, sealOf(take));
}

/**
 * Takes already hashed in this process and found intact, by path → size and mtime then: a take is
 * hashed again only when either changed (planning a big storyboard would otherwise read every take).
 */
const verified = new Map<string, string>();

/** Whether a take is there with the bytes it was sealed with. */
export async function checkTake(take: string): Promise<TakeState> {
  let bytes: number;
  let stamp: string;
  try {
    const st = statSync(take);
    bytes = st.size;
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return 'missing';
  }
  let seal: z.infer<typeof SealSchema>;
  try {
    seal = SealSchema.parse(JSON.parse(readFileSync(sealOf(take), 'utf8')));
  } catch {
    return 'unsealed';
  }
  if (seal.bytes !== bytes) return 'damaged';
  if (verified.get(take) === stamp) return 'intact';
  if ((await hashFile(take)) !== seal.sha256) return 'damaged';
  verified.set(take, stamp);
  return 'intact';
}
