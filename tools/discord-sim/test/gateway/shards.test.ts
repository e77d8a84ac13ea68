import { describe, expect, it } from 'vitest';
import { isValidShard, shardForGuild } from '../../src/gateway/shards.js';

describe('shardForGuild', () => {
  it('is (guild_id >> 22) % num_shards', () => {
    const guildId = '197038439483310086';
    const expected = Number((BigInt(guildId) >> 22n) % 16n);
    expect(shardForGuild(guildId, 16)).toBe(expected);
    expect(shardForGuild(guildId, 1)).toBe(0);
  });

  it('agrees with BigInt arithmetic for many ids and counts', () => {
    for (let i = 0; i < 200; i++) {
      const guildId = ((BigInt(1_420_070_400_000 + i * 7_919_111) << 22n) | BigInt(i)).toString();
      for (const count of [1, 2, 3, 7, 16]) {
        expect(shardForGuild(guildId, count)).toBe(Number((BigInt(guildId) >> 22n) % BigInt(count)));
      }
    }
  });

  it('sends DMs to shard 0', () => {
    expect(shardForGuild(null, 8)).toBe(0);
  });
});

describe('isValidShard', () => {
  it.each([
    [0, 1, true],
    [1, 2, true],
    [2, 2, false],
    [-1, 2, false],
    [0, 0, false],
    [0.5, 2, false],
  ])('[%d, %d] is valid: %s', (id, count, valid) => {
    expect(isValidShard(id, count)).toBe(valid);
  });
});
