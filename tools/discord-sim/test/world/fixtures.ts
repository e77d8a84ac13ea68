import type { APIChannel } from 'discord-api-types/v10';
import { createWorld } from '../../src/world/create-world.js';
import type { ScenarioInput, ScenarioName } from '../../src/world/scenario.js';
import type { World, WorldDispatch } from '../../src/world/world.js';

/** A clock the test moves by hand; starts a day after the default history end. */
export class ManualClock {
  constructor(public ms = Date.parse('2026-01-02T00:00:00Z')) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Fixture {
  world: World;
  clock: ManualClock;
  guildId: string;
  dispatches: WorldDispatch[];
  channel(name: string): APIChannel;
  /** A member who is not a bot and not the owner (no staff role), to act as an ordinary user. */
  ordinaryUserId(): string;
}

export function fixture(scenario: ScenarioName | ScenarioInput = 'tiny'): Fixture {
  const clock = new ManualClock();
  const world = createWorld(scenario, { now: clock.now, cdnBaseUrl: 'http://cdn.test' });
  const guildId = world.guildIds()[0] ?? '';
  const dispatches: WorldDispatch[] = [];
  world.onDispatch((d) => dispatches.push(d));
  return {
    world,
    clock,
    guildId,
    dispatches,
    channel(name) {
      const found = [...world.channels(guildId), ...world.activeThreads(guildId)].find((c) => c.name === name);
      if (!found) throw new Error(`no channel ${name}`);
      return found;
    },
    ordinaryUserId() {
      const owner = world.guild(guildId)?.owner_id;
      const staff = new Set(
        world
          .roles(guildId)
          .filter((r) => r.name === 'Moderators')
          .map((r) => r.id),
      );
      const member = world
        .members(guildId, { limit: 1000 })
        .find((m) => !m.user.bot && m.user.id !== owner && !m.roles.some((r) => staff.has(r)));
      if (!member) throw new Error('no ordinary member');
      return member.user.id;
    },
  };
}

/** Runs `fn` and returns the SimDiscordError it throws (fails when it does not throw). */
export function caught(fn: () => unknown): { status: number; code: number; message: string; errors?: unknown } {
  try {
    fn();
  } catch (error) {
    return error as { status: number; code: number; message: string; errors?: unknown };
  }
  throw new Error('expected an error');
}

/** One text channel with a history of `history` messages, for paging tests. */
export function singleChannel(history: number, seed = 11): ScenarioInput {
  return {
    seed,
    users: 60,
    guilds: [{ name: 'Paging', members: 40, channels: [{ name: 'big', history }] }],
  };
}
