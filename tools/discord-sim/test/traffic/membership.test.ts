import type { APIGuildMember, APIMessage } from 'discord-api-types/v10';
import { expect, it } from 'vitest';
import { trafficFixture } from './traffic-fixture.js';

it('has people join and leave, and those who left stay quiet', () => {
  const f = trafficFixture('demo', { rates: { memberJoinsPerSecond: 0.2, memberLeavesPerSecond: 0.1 } });
  const guilds = f.world.guildIds();
  const countOf = () => guilds.reduce((sum, g) => sum + f.world.guildCreate(g, 10_000).member_count, 0);
  const before = countOf();
  f.engine.start();
  f.clock.advance(400_000);
  const joins = f.of('GUILD_MEMBER_ADD');
  const leaves = f.of('GUILD_MEMBER_REMOVE');
  expect(joins.length).toBe(f.engine.stats.memberJoins);
  expect(leaves.length).toBe(f.engine.stats.memberLeaves);
  expect(joins.length).toBeGreaterThan(55);
  expect(joins.length).toBeLessThan(110);
  expect(leaves.length).toBeGreaterThan(25);
  expect(leaves.length).toBeLessThan(60);
  expect(countOf()).toBe(before + joins.length - leaves.length);
  const left = new Set(leaves.map((l) => `${l.guildId}/${(l.d as { user: { id: string } }).user.id}`));
  const last = new Map<string, string>();
  for (const { t, d, guildId } of [...joins, ...leaves].sort((a, b) => a.at - b.at)) {
    const { user } = d as APIGuildMember;
    expect(user.bot).toBeFalsy();
    if (t === 'GUILD_MEMBER_REMOVE') expect(f.world.guild(guildId as string)?.owner_id).not.toBe(user.id);
    last.set(`${guildId}/${user.id}`, t);
  }
  for (const [key, t] of last) {
    const [guildId, userId] = key.split('/') as [string, string];
    expect(f.world.member(guildId, userId) !== undefined).toBe(t === 'GUILD_MEMBER_ADD');
    // Newcomers rank last, behind the members the history made active.
    if (t === 'GUILD_MEMBER_ADD' && !left.has(key))
      expect(f.world.membersByActivity(guildId).slice(-joins.length)).toContain(userId);
  }

  // People who left write no more there.
  const quietFrom = f.clock.now();
  f.engine.setRates({ memberJoinsPerSecond: 0, memberLeavesPerSecond: 0, messagesPerSecond: 50 });
  f.clock.advance(60_000);
  const chat = f.of('MESSAGE_CREATE').filter((m) => m.at > quietFrom);
  expect(chat.length).toBeGreaterThan(2500);
  for (const { d, guildId } of chat)
    expect(last.get(`${guildId}/${(d as APIMessage).author.id}`)).not.toBe('GUILD_MEMBER_REMOVE');
  f.engine.stop();
});
