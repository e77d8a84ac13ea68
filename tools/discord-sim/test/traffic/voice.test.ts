import type { GatewayVoiceState } from 'discord-api-types/v10';
import { expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/world/index.js';
import { trafficFixture } from './traffic-fixture.js';

const scenario: ScenarioInput = {
  seed: 9,
  users: 80,
  guilds: [
    {
      name: 'Voices',
      members: 60,
      afkChannel: 'AFK',
      channels: [
        { name: 'general' },
        { name: 'Lounge', type: 'voice' },
        { name: 'Games', type: 'voice' },
        { name: 'AFK', type: 'voice' },
      ],
    },
  ],
};

it('opens and closes voice sessions consistently, and the truth counts their seconds', () => {
  const f = trafficFixture(scenario, {
    rates: { voiceJoinsPerSecond: 0.2 },
    voice: { meanSessionMs: 120_000, minSessionMs: 10_000, moveChance: 0.5, meanToggles: 3 },
  });
  const afk = f.world.guild(f.guildId)?.afk_channel_id;
  const t0 = f.clock.now();
  f.engine.start();
  f.clock.advance(900_000);
  const openMidway = f.world.voiceStates(f.guildId).length;
  expect(openMidway).toBe(f.engine.openVoiceSessions);
  f.clock.advance(300_000);
  f.engine.stop();

  // Replay the dispatches: where each user was, since when.
  const where = new Map<string, { channel: string; since: number }>();
  const seconds = new Map<string, number>();
  let toggled = 0;
  for (const { d, at } of f.of('VOICE_STATE_UPDATE')) {
    const state = d as GatewayVoiceState;
    const previous = where.get(state.user_id);
    if (previous?.channel === state.channel_id) {
      toggled++;
      continue;
    }
    if (previous && previous.channel !== afk)
      seconds.set(state.user_id, (seconds.get(state.user_id) ?? 0) + (at - previous.since) / 1000);
    if (state.channel_id === null) where.delete(state.user_id);
    else where.set(state.user_id, { channel: state.channel_id, since: at });
  }
  expect(where.size).toBe(0);
  expect(f.world.voiceStates(f.guildId)).toEqual([]);
  expect(f.engine.openVoiceSessions).toBe(0);
  const { voiceJoins, voiceLeaves, voiceMoves, voiceToggles } = f.engine.stats;
  expect(voiceJoins).toBeGreaterThan(150);
  expect(voiceLeaves).toBe(voiceJoins);
  expect(voiceMoves).toBeGreaterThan(20);
  expect(voiceToggles).toBe(toggled);
  expect(openMidway).toBeGreaterThan(5);

  const truth = f.world.truth.activity(f.guildId, t0, f.clock.now() + 1);
  expect(truth.filter((a) => a.voiceSeconds > 0).length).toBe(seconds.size);
  for (const activity of truth) expect(activity.voiceSeconds).toBeCloseTo(seconds.get(activity.userId) ?? 0, 6);
});
