/** Discord's epoch (2015-01-01T00:00:00Z): ids count milliseconds from it. */
export const DISCORD_EPOCH = 1420070400000;

/**
 * A snowflake from its parts: 42 bits of milliseconds since the Discord epoch, then 10 bits of
 * worker/process and 12 bits of increment. Ids of one timestamp order by the low bits.
 */
export function snowflake(ms: number, low22 = 0): string {
  return ((BigInt(ms - DISCORD_EPOCH) << 22n) | BigInt(low22 & 0x3fffff)).toString();
}

/** Epoch milliseconds at which an id was created. */
export function snowflakeMs(id: string | bigint): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
}

/** Whether a string is a snowflake Discord would accept (decimal, up to 64 bits). */
export function isSnowflake(value: string): boolean {
  return /^\d{1,20}$/.test(value) && BigInt(value) < 1n << 64n;
}

/** Compares two ids numerically (ids of different lengths compare by length first). */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Ids for things created while the simulator runs: never below the end of the generated history and
 * strictly increasing, even when the injected clock stands still or goes back.
 */
export class LiveIds {
  private last: bigint;

  constructor(floorMs: number) {
    this.last = BigInt(snowflake(floorMs));
  }

  next(nowMs: number): string {
    const candidate = BigInt(snowflake(nowMs));
    this.last = candidate > this.last ? candidate : this.last + 1n;
    return this.last.toString();
  }
}
