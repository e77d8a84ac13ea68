import { describe, expect, it } from 'vitest';
import { IdentifyThrottle } from '../../src/gateway/identify-throttle.js';

describe('IdentifyThrottle', () => {
  it('admits one identify per rate-limit key per window', () => {
    const throttle = new IdentifyThrottle(2, 5000);
    expect(throttle.admit('bot', 0, 4, 0)).toBe(true);
    expect(throttle.admit('bot', 1, 4, 10)).toBe(true);
    expect(throttle.admit('bot', 2, 4, 20)).toBe(false); // key 0 again
    expect(throttle.admit('bot', 3, 4, 30)).toBe(false); // key 1 again
    expect(throttle.admit('bot', 2, 4, 5000)).toBe(true);
    expect(throttle.admit('bot', 3, 4, 5009)).toBe(false);
    expect(throttle.admit('bot', 3, 4, 5010)).toBe(true);
  });

  it('counts each bot separately', () => {
    const throttle = new IdentifyThrottle(1, 5000);
    expect(throttle.admit('a', 0, 1, 0)).toBe(true);
    expect(throttle.admit('b', 0, 1, 0)).toBe(true);
    expect(throttle.admit('a', 0, 1, 1)).toBe(false);
  });

  it('does not let a refused identify restart the window', () => {
    const throttle = new IdentifyThrottle(1, 5000);
    throttle.admit('a', 0, 1, 0);
    throttle.admit('a', 0, 1, 4999);
    expect(throttle.admit('a', 0, 1, 5000)).toBe(true);
  });

  it('logs every identify with its time, shard, key and outcome', () => {
    const throttle = new IdentifyThrottle(2, 5000);
    throttle.admit('a', 3, 4, 100);
    throttle.admit('a', 1, 4, 200);
    expect(throttle.log).toEqual([
      { at: 100, botId: 'a', shardId: 3, shardCount: 4, rateLimitKey: 1, outcome: 'ready' },
      { at: 200, botId: 'a', shardId: 1, shardCount: 4, rateLimitKey: 1, outcome: 'throttled' },
    ]);
  });
});
