import { createGatewayServer, type GatewayServer, type GatewayServerOptions } from '../../src/gateway/index.js';
import { createWorld, type ScenarioInput, type ScenarioName, type SimBot, type World } from '../../src/world/index.js';

/**
 * A world, a gateway listening on a random local port, and the world's first bot. Identify throttling is
 * off (a window of 0 ms) unless a test sets it, so that tests may identify several times at once.
 */
export interface GatewayFixture {
  world: World;
  server: GatewayServer;
  url: string;
  bot: SimBot;
  close(): Promise<void>;
}

export async function startGateway(
  options: Partial<Omit<GatewayServerOptions, 'world'>> & { scenario?: ScenarioName | ScenarioInput } = {},
): Promise<GatewayFixture> {
  const { scenario = 'tiny', ...serverOptions } = options;
  const world = createWorld(scenario);
  const server = createGatewayServer({ heartbeatIntervalMs: 5000, identifyWindowMs: 0, ...serverOptions, world });
  const url = await server.listen(0);
  const bot = world.bots[0];
  if (bot === undefined) throw new Error('the scenario has no bot');
  return { world, server, url, bot, close: () => server.close() };
}

/** Posts a message as a member in the first text channel of the guild; returns its id. */
export function postMessage(world: World, guildId: string, content = 'hello'): string {
  const channel = world.channels(guildId).find((c) => c.type === 0);
  const author = world.members(guildId, { limit: 1 })[0]?.user;
  if (channel === undefined || author === undefined) throw new Error('the guild has no text channel or member');
  return world.createMessage(channel.id, author.id, { content }).id;
}
