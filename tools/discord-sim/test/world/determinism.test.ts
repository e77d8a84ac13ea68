import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/create-world.js';
import { fixture } from './fixtures.js';

/** Everything a client could read about a guild, serialised. */
function snapshot(seed?: number) {
  const { world, guildId, channel } = fixture(seed === undefined ? 'tiny' : { ...createWorld('tiny').scenario, seed });
  const general = channel('general').id;
  const oldest = world.messages(general, { after: '0', limit: 100 });
  return JSON.stringify({
    guild: world.guild(guildId),
    create: world.guildCreate(guildId, 250),
    channels: world.channels(guildId),
    members: world.members(guildId, { limit: 1000 }),
    newest: world.messages(general, { limit: 100 }),
    oldest,
    pins: world.pins(general),
    bots: world.bots,
  });
}

describe('determinism', () => {
  it('gives the same world, byte for byte, for the same seed', () => {
    expect(snapshot()).toBe(snapshot());
  });

  it('gives a different world for a different seed', () => {
    expect(snapshot(1)).not.toBe(snapshot(2));
  });

  it('gives the same attachment bytes from two worlds', () => {
    const a = fixture('demo');
    const b = fixture('demo');
    const general = a.channel('general').id;
    let before: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = a.world.messages(general, before ? { before, limit: 100 } : { limit: 100 });
      const attachment = page.flatMap((m) => m.attachments)[0];
      if (attachment) {
        const path = new URL(attachment.url).pathname;
        expect(Buffer.from(a.world.cdnAsset(path)?.bytes ?? [])).toEqual(
          Buffer.from(b.world.cdnAsset(path)?.bytes ?? []),
        );
        return;
      }
      before = page.at(-1)?.id;
    }
    throw new Error('no attachment found');
  });

  it('names every scenario and validates input', () => {
    for (const name of ['tiny', 'demo', 'large', 'multi-bot'] as const)
      expect(createWorld(name).scenario.name).toBe(name);
    expect(createWorld('multi-bot').bots).toHaveLength(3);
    expect(() =>
      createWorld({ seed: 1, users: 5, guilds: [{ name: 'x', members: 10, channels: [{ name: 'a' }] }] }),
    ).toThrow(/more members/);
    expect(() => createWorld('nope' as 'tiny')).toThrow(/unknown scenario/);
  });
});
