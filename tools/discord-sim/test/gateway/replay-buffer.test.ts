import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../src/gateway/replay-buffer.js';

function filled(capacity: number, count: number): ReplayBuffer {
  const buffer = new ReplayBuffer(capacity);
  for (let i = 1; i <= count; i++) expect(buffer.push(`f${i}`)).toBe(i);
  return buffer;
}

describe('ReplayBuffer', () => {
  it('replays everything after a sequence, in order', () => {
    const buffer = filled(10, 5);
    expect(buffer.lastSeq).toBe(5);
    expect(buffer.since(2)).toEqual({ ok: true, frames: ['f3', 'f4', 'f5'] });
    expect(buffer.since(0)).toEqual({ ok: true, frames: ['f1', 'f2', 'f3', 'f4', 'f5'] });
    expect(buffer.since(5)).toEqual({ ok: true, frames: [] });
  });

  it('keeps the last `capacity` frames once it wraps around', () => {
    const buffer = filled(4, 11);
    expect(buffer.since(7)).toEqual({ ok: true, frames: ['f8', 'f9', 'f10', 'f11'] });
    expect(buffer.since(9)).toEqual({ ok: true, frames: ['f10', 'f11'] });
  });

  it('refuses a sequence whose successors were evicted', () => {
    const buffer = filled(4, 11);
    expect(buffer.since(6)).toEqual({ ok: false, reason: 'evicted' });
    expect(buffer.since(0)).toEqual({ ok: false, reason: 'evicted' });
  });

  it('refuses a sequence beyond the last', () => {
    expect(filled(4, 3).since(4)).toEqual({ ok: false, reason: 'ahead' });
    expect(new ReplayBuffer(4).since(0)).toEqual({ ok: true, frames: [] });
  });

  it('rejects a capacity below 1', () => {
    expect(() => new ReplayBuffer(0)).toThrow(RangeError);
  });
});
