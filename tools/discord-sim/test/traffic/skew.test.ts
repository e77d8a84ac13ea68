import type { APIMessage } from 'discord-api-types/v10';
import { expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/world/index.js';
import { trafficFixture } from './traffic-fixture.js';

const scenario: ScenarioInput = {
  seed: 5,
  users: 300,
  botShare: 0,
  guilds: [{ name: 'Skewed', members: 200, channels: [{ name: 'general', history: 50 }, { name: 'random' }] }],
};

it('lets the top 10% of the writers write more than half of the messages', () => {
  const f = trafficFixture(scenario, { rates: { messagesPerSecond: 20 } });
  f.engine.start();
  f.clock.advance(250_000);
  f.engine.stop();
  const byAuthor = new Map<string, number>();
  for (const d of f.of('MESSAGE_CREATE')) {
    const id = (d.d as APIMessage).author.id;
    byAuthor.set(id, (byAuthor.get(id) ?? 0) + 1);
  }
  const counts = [...byAuthor.values()].sort((a, b) => b - a);
  const total = counts.reduce((sum, n) => sum + n, 0);
  const top = counts.slice(0, 20).reduce((sum, n) => sum + n, 0);
  expect(total).toBeGreaterThan(4500);
  expect(top / total).toBeGreaterThan(0.5);
  // The most active live writer is among the most active of the history too.
  const [leader] = [...byAuthor.entries()].sort((a, b) => b[1] - a[1]);
  expect(f.world.membersByActivity(f.guildId).slice(0, 3)).toContain(leader?.[0]);
});
