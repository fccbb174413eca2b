/**
 * Deterministic pseudo-random numbers for the seed generator.
 *
 * Algorithm: sfc32 ("Small Fast Counter", Chris Doty-Humphrey, from PractRand), seeded with the cyrb128 string
 * hash. Only 32-bit integer arithmetic (Math.imul, >>> 0) is used, so a seed gives the same numbers on every
 * platform and Node version.
 *
 * Streams are keyed: `streamFor(seed, 'products')(42)` is the generator for product #42, independent of how many
 * other products or batches exist, so output never depends on batch size and a record can be recomputed by index.
 */

type Words = [number, number, number, number];

/** cyrb128: a 128-bit non-cryptographic string hash (bryc, public domain). */
export const cyrb128 = (text: string): Words => {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
};

/** murmur3's 32-bit finaliser: spreads an index over all bits before it seeds a stream. */
const fmix32 = (value: number): number => {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor([a, b, c, d]: Words) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The next raw 32-bit value (sfc32). */
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Pick by weight: entries are [value, weight]. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** A Strapi-style document id: 24 lowercase alphanumerics, starting with a letter (like cuid2). */
  documentId(): string {
    let id = ALNUM[Math.floor(this.next() * 26)];
    for (let i = 1; i < 24; i++) id += ALNUM[Math.floor(this.next() * 36)];
    return id;
  }

  /** Uppercase alphanumerics, for licence keys. */
  code(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += ALNUM[Math.floor(this.next() * 36)].toUpperCase();
    return out;
  }
}

/** A family of independent streams for one label: call it with an index to get that record's generator. */
export const streamFor = (seed: string, label: string): ((index: number) => Random) => {
  const [w0, w1, w2, w3] = cyrb128(`${seed}\u0000${label}`);
  return (index: number) =>
    new Random([
      fmix32(w0 ^ index),
      fmix32((w1 + Math.imul(index, 0x9e3779b9)) >>> 0),
      fmix32(w2 ^ Math.imul(index, 0x85ebca6b)),
      fmix32((w3 + index) >>> 0) | 1,
    ]);
};
