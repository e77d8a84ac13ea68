/**
 * Stateless randomness: every value is a pure function of (seed, kind, ...indices), so any message,
 * member or attachment can be computed on its own, in any order, and comes out the same every time.
 */

/** 32-bit finaliser (murmur3/splitmix family): a bijection on uint32 with full avalanche. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

const GOLDEN = 0x9e3779b9;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const TWO_32 = 4294967296;

/** Hash of a sequence of numbers (integers; values beyond 32 bits are folded in by halves). */
export function hash(...values: number[]): number {
  let h = GOLDEN;
  for (const value of values) {
    h = mix32(h + (value >>> 0));
    if (value >= TWO_32 || value < 0) h = mix32(h + Math.floor(value / TWO_32));
  }
  return h;
}

/** A stable 32-bit id for a name, so that kinds of items draw from independent streams. */
export function kindOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** Uniform float in [0, 1) from a hash. */
export function unit(h: number): number {
  return h / TWO_32;
}

/**
 * A short deterministic stream for building one item: its key fixes every draw, and the draws are
 * numbered, so adding a field at the end of a generator leaves the earlier fields unchanged.
 */
export class Draws {
  private readonly base: number;
  private counter = 0;

  constructor(...key: number[]) {
    this.base = hash(...key);
  }

  /** Next uint32. */
  next(): number {
    this.counter++;
    return mix32(this.base + Math.imul(this.counter, GOLDEN));
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return unit(this.next());
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** An item drawn in proportion to its weight (weights ≥ 0, not all 0). */
  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    let target = this.float() * items.reduce((sum, item) => sum + weightOf(item), 0);
    for (const item of items) {
      target -= weightOf(item);
      if (target < 0) return item;
    }
    return this.pick(items);
  }

  /** Lower-case hex string of `length` digits (avatar hashes, tokens). */
  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 8) {
      const v = this.next();
      out += `${HEX[v >>> 24]}${HEX[(v >>> 16) & 0xff]}${HEX[(v >>> 8) & 0xff]}${HEX[v & 0xff]}`;
    }
    return out.slice(0, length);
  }

  /** Alphanumeric string (invite codes, token parts). */
  alnum(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

/**
 * Rank in [0, n) drawn from a Zipf-like law with exponent `s` (0 is uniform): rank 0 is the most
 * likely. Uses the inverse CDF of the continuous power law, so it costs O(1) whatever n is.
 */
export function zipfRank(u: number, n: number, s: number): number {
  if (n <= 1) return 0;
  let x: number;
  if (Math.abs(s - 1) < 1e-9) x = n ** u;
  else {
    const a = 1 - s;
    x = ((n ** a - 1) * u + 1) ** (1 / a);
  }
  return Math.min(n - 1, Math.max(0, Math.floor(x) - 1));
}

/**
 * A bijection of [0, n) that scatters consecutive ranks (so the most active users are not the
 * oldest accounts): an affine map with a multiplier coprime to n.
 */
export function scatter(rank: number, n: number, key: number): number {
  if (n <= 1) return 0;
  let a = (key % n) | 1;
  while (gcd(a, n) !== 1) a += 2;
  const b = mix32(key) % n;
  return Number((BigInt(a) * BigInt(rank) + BigInt(b)) % BigInt(n));
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
