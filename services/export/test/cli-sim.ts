import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRestServer, createWorld, type RestServer, type ScenarioInput, type World } from '@platform/discord-sim';
import type { APIChannel } from 'discord-api-types/v10';

/** A small world with what the CLI tests need: threads, a forum, a voice channel and a channel the bot cannot see. */
const scenario: ScenarioInput = {
  name: 'cli',
  seed: 7,
  bots: ['ExportBot'],
  users: 30,
  historyDays: 10,
  guilds: [
    {
      name: 'CLI Guild',
      members: 15,
      roles: [{ name: 'Moderators', staff: true }],
      channels: [
        { name: 'general', category: 'Text', history: 120, threads: 1, threadHistory: 6 },
        { name: 'quiet', category: 'Text', history: 0 },
        { name: 'staff', category: 'Text', history: 10, private: true },
        { name: 'Lounge', type: 'voice', category: 'Voice' },
      ],
    },
  ],
};

export interface CliSim {
  world: World;
  server: RestServer;
  /** The `--api` URL. */
  api: string;
  token: string;
  guildId: string;
  /** A guild channel by name. */
  channel(name: string): APIChannel;
  /** Called with the URL of every request the simulator receives, before it answers. */
  onRequest: (url: string) => void;
  /** Opens a DM of the bot with a user and posts a message in it (Discord lists no DMs to a bot). */
  openDm(): APIChannel;
  close(): Promise<void>;
}

/** The simulator's REST server with its limits off: the tests are about the CLI, not rate limits. */
export async function startCliSim(): Promise<CliSim> {
  const world = createWorld(scenario);
  const server = createRestServer({ world, limits: { enabled: false } });
  const bot = world.bots[0];
  if (!bot) throw new Error('no bot');
  let sim: CliSim | undefined;
  server.app.addHook('onRequest', async (request) => sim?.onRequest(request.url));
  const url = await server.listen();
  const guildId = world.guildIds()[0] as string;
  sim = {
    onRequest: () => undefined,
    world,
    server,
    api: `${url}/api`,
    token: bot.token,
    guildId,
    channel(name) {
      const found = world.channels(guildId).find((channel) => channel.name === name);
      if (!found) throw new Error(`no channel ${name}`);
      return found;
    },
    openDm() {
      const member = world.members(guildId, { limit: 50 }).find((m) => m.user && !m.user.bot);
      if (!member?.user) throw new Error('no member');
      const dm = world.openDm(bot.user.id, member.user.id);
      world.createMessage(dm.id, member.user.id, { content: 'hello from a DM' });
      return dm;
    },
    close: () => server.close(),
  };
  return sim;
}

const bin = fileURLToPath(new URL('../bin/discord-export.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI's bin as a child process, as a person would, in `cwd`. */
export function runBin(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
