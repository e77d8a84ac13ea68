import type { APIMessage } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { trafficFixture } from './traffic-fixture.js';

/** Messages and reactions over `seconds` at the given rates; the dispatches that came of it. */
function run(seconds: number) {
  const f = trafficFixture('tiny', { rates: { messagesPerSecond: 2, reactionsPerSecond: 1 } });
  f.engine.start();
  f.clock.advance(seconds * 1000);
  f.engine.stop();
  return f;
}

describe('traffic rates', () => {
  it('produces about rate × time messages and reactions, from members, in the channels they may write in', () => {
    const f = run(300);
    const messages = f.of('MESSAGE_CREATE').map((d) => d.d as APIMessage);
    // Poisson counts: 600 expected, a standard deviation of about 25.
    expect(messages.length).toBeGreaterThan(520);
    expect(messages.length).toBeLessThan(680);
    expect(f.engine.stats.messages).toBe(messages.length);
    expect(f.of('MESSAGE_REACTION_ADD').length).toBeGreaterThan(240);
    expect(f.of('MESSAGE_REACTION_ADD').length).toBeLessThan(360);
    for (const message of messages) {
      expect(message.author.bot).toBeFalsy();
      expect(f.world.member(f.guildId, message.author.id)).toBeDefined();
      expect(message.content.length).toBeGreaterThan(0);
      expect(f.world.permissionsFor(message.channel_id, message.author.id) & 0x800n).toBe(0x800n);
    }
    expect(messages.some((m) => m.message_reference !== undefined)).toBe(true);
    const truth = f.world.truth.activity(f.guildId, 0, f.clock.now() + 1);
    expect(truth.reduce((sum, a) => sum + a.messages, 0)).toBe(messages.length);
  });

  it('is the same run after run with the same seed', () => {
    const fingerprint = (f: ReturnType<typeof run>) =>
      f.dispatches.map((d) => `${d.at} ${d.t} ${JSON.stringify(d.d).length}`).join('\n');
    expect(fingerprint(run(60))).toBe(fingerprint(run(60)));
  });

  it('follows rates changed while it runs, and stops', () => {
    const f = trafficFixture('tiny', { rates: { messagesPerSecond: 1 } });
    f.engine.start();
    f.clock.advance(100_000);
    const before = f.of('MESSAGE_CREATE').length;
    expect(f.engine.setRates({ messagesPerSecond: 10 }).messagesPerSecond).toBe(10);
    f.clock.advance(100_000);
    const after = f.of('MESSAGE_CREATE').length - before;
    expect(before).toBeGreaterThan(70);
    expect(before).toBeLessThan(130);
    expect(after).toBeGreaterThan(880);
    expect(after).toBeLessThan(1120);
    f.engine.stop();
    f.clock.advance(100_000);
    expect(f.of('MESSAGE_CREATE').length).toBe(before + after);
    expect(() => f.engine.setRates({ messagesPerSecond: -1 })).toThrow();
  });
});
