import {
  createTrafficEngine,
  ManualClock,
  type TrafficEngine,
  type TrafficEngineOptions,
} from '../../src/traffic/index.js';
import {
  createWorld,
  type ScenarioInput,
  type ScenarioName,
  type World,
  type WorldDispatch,
} from '../../src/world/index.js';

/** Every rate at zero: a test turns on only what it looks at. */
export const NO_TRAFFIC = {
  messagesPerSecond: 0,
  reactionsPerSecond: 0,
  voiceJoinsPerSecond: 0,
  memberJoinsPerSecond: 0,
  memberLeavesPerSecond: 0,
  interactionsPerSecond: 0,
  updatesPerSecond: 0,
};

export interface TrafficFixture {
  clock: ManualClock;
  world: World;
  engine: TrafficEngine;
  guildId: string;
  /** Every dispatch, stamped with the manual clock's time. */
  dispatches: (WorldDispatch & { at: number })[];
  of(t: string): (WorldDispatch & { at: number })[];
}

/** A world and its traffic engine on one manual clock, with no traffic unless `options.rates` asks for some. */
export function trafficFixture(
  scenario: ScenarioName | ScenarioInput = 'tiny',
  options: Omit<Partial<TrafficEngineOptions>, 'world' | 'clock'> = {},
): TrafficFixture {
  const clock = new ManualClock();
  const world = createWorld(scenario, { now: () => clock.now() });
  const dispatches: (WorldDispatch & { at: number })[] = [];
  world.onDispatch((d) => dispatches.push({ ...d, at: clock.now() }));
  const engine = createTrafficEngine({ ...options, world, clock, rates: { ...NO_TRAFFIC, ...options.rates } });
  return {
    clock,
    world,
    engine,
    guildId: world.guildIds()[0] as string,
    dispatches,
    of: (t) => dispatches.filter((d) => d.t === t),
  };
}
