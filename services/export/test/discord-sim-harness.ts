import { createRestServer, createWorld, type RestServer, type ScenarioInput, type World } from '@platform/discord-sim';
import type { APIChannel, APIMessage } from 'discord-api-types/v10';
import { createExportRest } from '../src/discord/discord-rest-client.js';
import { ExportDiscordApi } from '../src/discord/export-discord-api.js';
import { ExportSession, type ExportSessionOptions } from '../src/resolve/export-session.js';

/** A small guild: three pages in `general`, a private channel, voice, a forum, threads, coloured roles. */
export const exportScenario: ScenarioInput = {
  name: 'export',
  seed: 7,
  users: 30,
  historyDays: 30,
  guilds: [
    {
      name: 'Export Guild',
      members: 20,
      roles: [{ name: 'Mods', color: 0xe74c3c, staff: true }, { name: 'Regulars', color: 0x3498db }, { name: 'Plain' }],
      channels: [
        { name: 'general', category: 'Text', history: 230, threads: 3, threadHistory: 4 },
        { name: 'random', category: 'Text', history: 40 },
        { name: 'news', type: 'announcement', category: 'Text', history: 5 },
        { name: 'help', type: 'forum', category: 'Text', threads: 2, threadHistory: 3 },
        { name: 'staff', history: 5, private: true },
        { name: 'empty' },
        { name: 'Lounge', type: 'voice', category: 'Voice' },
      ],
    },
  ],
};

export interface SimExport {
  world: World;
  server: RestServer;
  /** The API base for `@discordjs/rest`: `<url>/api`. */
  apiUrl: string;
  token: string;
  guildId: string;
  channel(name: string): APIChannel;
  /** A fresh session over the simulator, as one export run has it. */
  session(options?: ExportSessionOptions, token?: string): ExportSession;
  /** Calls the simulator recorded for `route` (a template such as `/guilds/:guild_id/roles`) since `from`. */
  calls(route: string, from?: number): number;
  close(): Promise<void>;
}

/** The simulator's REST server in-process, rate limits off so tests stay fast. */
export async function startSimExport(scenario: ScenarioInput = exportScenario): Promise<SimExport> {
  const world = createWorld(scenario);
  const server = createRestServer({ world, limits: { enabled: false } });
  const url = await server.listen();
  const apiUrl = `${url}/api`;
  const token = (world.bots[0] as { token: string }).token;
  const guildId = world.guildIds()[0] as string;
  return {
    world,
    server,
    apiUrl,
    token,
    guildId,
    channel: (name) => {
      const found = [...world.channels(guildId), ...world.activeThreads(guildId)].find((c) => c.name === name);
      if (!found) throw new Error(`no channel ${name}`);
      return found;
    },
    session: (options, asToken = token) =>
      new ExportSession(new ExportDiscordApi(createExportRest({ via: 'direct', token: asToken, apiUrl })), options),
    calls: (route, from = 0) => world.truth.requests().filter((r) => r.route === route && r.at >= from).length,
    close: () => server.close(),
  };
}

/** A channel's whole history in the simulator, oldest first, paged as Discord pages it. */
export function simHistory(world: World, channelId: string): APIMessage[] {
  const newestFirst: APIMessage[] = [];
  let before: string | undefined;
  for (;;) {
    const page = world.messages(channelId, { limit: 100, ...(before ? { before } : {}) });
    newestFirst.push(...page);
    if (page.length < 100) return newestFirst.reverse();
    before = page.at(-1)?.id;
  }
}
