import { describe, expect, it } from 'vitest';
import { snowflakeMs } from '../../src/world/snowflake.js';
import { trafficFixture } from './traffic-fixture.js';

describe('structure churn', () => {
  it('spreads updatesPerSecond over presences, members, channels, threads, roles and settings, most common first', () => {
    const f = trafficFixture('demo', { rates: { updatesPerSecond: 20 } });
    f.engine.start();
    f.clock.advance(60_000);
    f.engine.stop();
    const { stats } = f.engine;
    const count = (...types: string[]) => f.dispatches.filter((d) => types.includes(d.t)).length;

    const applied =
      stats.presenceUpdates +
      stats.memberUpdates +
      stats.channelUpdates +
      stats.threadUpdates +
      stats.roleUpdates +
      stats.guildUpdates;
    // Poisson: 1200 expected, a standard deviation of about 35.
    expect(applied + stats.skipped).toBeGreaterThan(1050);
    expect(applied + stats.skipped).toBeLessThan(1350);
    expect(stats.skipped).toBeLessThan(applied / 20);
    expect(stats.presenceUpdates).toBeGreaterThan(stats.memberUpdates);
    expect(stats.memberUpdates).toBeGreaterThan(stats.channelUpdates);
    expect(stats.channelUpdates).toBeGreaterThan(stats.roleUpdates);
    expect(stats.threadUpdates).toBeGreaterThan(stats.roleUpdates);
    expect(stats.roleUpdates).toBeGreaterThan(stats.guildUpdates);
    expect(stats.guildUpdates).toBeGreaterThan(0);

    // Each change the world took is one dispatch of its kind.
    expect(count('PRESENCE_UPDATE')).toBe(stats.presenceUpdates);
    expect(count('GUILD_MEMBER_UPDATE')).toBe(stats.memberUpdates);
    expect(count('CHANNEL_CREATE', 'CHANNEL_UPDATE', 'CHANNEL_DELETE')).toBe(stats.channelUpdates);
    expect(count('THREAD_CREATE', 'THREAD_UPDATE', 'THREAD_DELETE')).toBe(stats.threadUpdates);
    expect(count('GUILD_ROLE_CREATE', 'GUILD_ROLE_UPDATE', 'GUILD_ROLE_DELETE')).toBe(stats.roleUpdates);
    expect(count('GUILD_UPDATE')).toBe(stats.guildUpdates);
    for (const t of ['CHANNEL_DELETE', 'THREAD_DELETE', 'GUILD_ROLE_DELETE', 'THREAD_CREATE', 'CHANNEL_CREATE'])
      expect(count(t)).toBeGreaterThan(0);
    // Nothing else ran: the only messages announce threads, and the only message updates show them.
    expect(stats.messages + stats.reactions + stats.voiceJoins + stats.memberJoins).toBe(0);
    expect(f.dispatches.every((d) => d.t !== 'MESSAGE_CREATE' || (d.d as { type: number }).type === 18)).toBe(true);

    // It deletes what it creates, so the guilds stay about the size they were.
    const live = (id: string) => snowflakeMs(id) >= Date.parse(f.world.scenario.historyEnd);
    for (const guildId of f.world.guildIds()) {
      expect(f.world.channels(guildId).filter((c) => live(c.id)).length).toBeLessThanOrEqual(12);
      expect(f.world.roles(guildId).filter((r) => live(r.id)).length).toBeLessThanOrEqual(12);
      expect(f.world.activeThreads(guildId).filter((t) => live(t.id)).length).toBeLessThanOrEqual(12);
    }
  });

  it('runs in demo by default and not in tiny', () => {
    expect(trafficFixture('demo', { rates: {} }).world.scenario.live.updatesPerSecond).toBeGreaterThan(0);
    expect(trafficFixture('tiny').world.scenario.live.updatesPerSecond).toBe(0);
  });

  it('storms a guild at once, the same for the same seed, apart from the traffic’s counts', () => {
    const storm = () => {
      const f = trafficFixture('tiny');
      const result = f.engine.storm(f.guildId, 300);
      return { f, result, fingerprint: f.dispatches.map((d) => `${d.t} ${JSON.stringify(d.d)}`).join('\n') };
    };
    const first = storm();
    expect(first.result.dispatches).toBe(first.f.dispatches.length);
    expect(first.result.presenceUpdates).toBeGreaterThan(first.result.memberUpdates);
    expect(first.result.updates).toBe(300);
    expect(first.f.engine.stats.presenceUpdates).toBe(0);
    expect(storm().fingerprint).toBe(first.fingerprint);
    expect(() => first.f.engine.storm('1', 1)).toThrow(expect.objectContaining({ code: 10004 }));
  });
});
