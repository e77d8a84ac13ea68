import { describe, expect, it } from 'vitest';
import { SendLimit } from '../../src/gateway/send-limit.js';

describe('SendLimit', () => {
  it('allows `limit` payloads per window and refuses the next', () => {
    const limit = new SendLimit(120, 60_000, 0);
    for (let i = 0; i < 120; i++) expect(limit.take(i)).toBe(true);
    expect(limit.take(59_999)).toBe(false);
  });

  it('opens a new window with the first payload after the previous ended', () => {
    const limit = new SendLimit(2, 1000, 0);
    expect(limit.take(10)).toBe(true);
    expect(limit.take(20)).toBe(true);
    expect(limit.take(1500)).toBe(true);
    expect(limit.take(2400)).toBe(true);
    expect(limit.take(2499)).toBe(false);
    expect(limit.take(2500)).toBe(true);
  });
});
