import { hash, kindOf, unit } from './random.js';

const SPLIT = kindOf('timeline-split');
const LEVELS = 22;

/**
 * When message i of a history of n was sent: a monotone map from index to epoch milliseconds.
 *
 * Realistic chat is bursty at every scale (busy weeks, busy evenings, flurries of replies), so the
 * map is a random multiplicative cascade: the index range is halved level by level and each half
 * receives a random share of its parent's time. Any index is placed in O(levels) with no state,
 * and because the map is monotone an id or a date is located by binary search over indices.
 * Adding twice the index keeps times strictly increasing even across a rounding of the float
 * shares, so ids never collide within a channel.
 */
export class Timeline {
  private readonly stretch: number;

  constructor(
    private readonly key: number,
    readonly count: number,
    readonly startMs: number,
    endMs: number,
  ) {
    this.stretch = Math.max(0, endMs - startMs - 2 * count);
  }

  timeOf(index: number): number {
    return this.startMs + Math.floor(this.fraction(index) * this.stretch) + 2 * index;
  }

  /** First index sent at or after `ms` (count when none). */
  firstAtOrAfter(ms: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeOf(mid) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private fraction(index: number): number {
    let position = index / this.count;
    let start = 0;
    let width = 1;
    let node = 1;
    for (let level = 0; level < LEVELS; level++) {
      const share = 0.12 + 0.76 * unit(hash(this.key, SPLIT, node));
      const right = position >= 0.5;
      node = node * 2 + (right ? 1 : 0);
      if (right) {
        start += width * share;
        width *= 1 - share;
        position = position * 2 - 1;
      } else {
        width *= share;
        position *= 2;
      }
    }
    return start + width * position;
  }
}
