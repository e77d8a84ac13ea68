import { describe, expect, it } from 'vitest';
import { shardForGuild } from '../../src/gateway/shards.js';
import { namedScenarios } from '../../src/world/scenario.js';
import { fixture } from './fixtures.js';

describe('dispatch targeting', () => {
  it('spreads guilds over the shards of power-of-two shard counts', () => {
    const guilds = Array.from({ length: 8 }, (_, i) => ({ ...namedScenarios.tiny.guilds[0], name: `Guild ${i}` }));
    const { world } = fixture({ ...namedScenarios.tiny, guilds: guilds as [(typeof guilds)[0], ...typeof guilds] });
    for (const shardCount of [2, 4]) {
      const used = new Set(world.guildIds().map((id) => shardForGuild(id, shardCount)));
      expect(used.size).toBeGreaterThan(1);
    }
  });

  it('sends the events of a DM only to the bot in it', () => {
    const { world, dispatches, ordinaryUserId } = fixture('multi-bot');
    const [alpha, bravo] = world.bots;
    if (!alpha || !bravo) throw new Error('multi-bot has three bots');
    const dm = world.openDm(bravo.user.id, ordinaryUserId());
    world.createMessage(dm.id, bravo.user.id, { content: 'hello' });
    const created = dispatches.filter((d) => d.t === 'MESSAGE_CREATE');
    expect(created).toHaveLength(1);
    expect(created[0]?.guildId).toBeNull();
    expect(created[0]?.applicationId).toBe(bravo.application.id);
  });
});
