import { setTimeout as sleep } from 'node:timers/promises';
import { type Bus, type BusConsumer, consumeInteractions } from '@platform/bus';
import { createDiscordRest } from '@platform/discord';
import { createSimulator, type Simulator } from '@platform/discord-sim';
import type { TestBusNamespace } from '@platform/testkit';
import { type APIInteraction, InteractionResponseType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandMetrics } from '../src/commands/command-metrics.js';
import { createInteractionHandler } from '../src/commands/interaction-handler.js';
import { registerStatsCommands } from '../src/commands/register-commands.js';
import { statsCommandHandlers } from '../src/commands/stats-command-handlers.js';
import type { StatsQueries } from '../src/queries/stats-queries.js';
import { createPngRenderer } from '../src/render/render-png.js';
import { MemorySettings, MemoryStats } from './memory-stats.js';
import {
  type Data,
  publishDispatch,
  answered as simAnswered,
  userRuns as simUserRuns,
  testBus,
} from './sim-harness.js';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

let sim: Simulator;
let ns: TestBusNamespace;
let bus: Bus;
let consumer: BusConsumer;
let registry: Registry;
let guildId: string;
let channelId: string;
let admin: string;
let members: string[];
let rest: ReturnType<typeof createDiscordRest>;
const stats = new MemoryStats();
const settings = new MemorySettings(stats);
const renderer = createPngRenderer({ fontDir: '/usr/share/fonts/truetype/dejavu', registry: new Registry() });
const handlers = (queries: StatsQueries = stats) =>
  statsCommandHandlers({ queries, settings, renderer, defaultDays: 30, invalidateGuild: async () => {} });

/** The same store, each query taking `ms` longer: a slow database. */
function slowed(queries: StatsQueries, ms: number): StatsQueries {
  return new Proxy(queries, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await sleep(ms);
        return value.apply(target, args);
      };
    },
  });
}

beforeAll(async () => {
  sim = await createSimulator({ scenario: 'tiny', limits: { enabled: false }, traffic: { autostart: false } });
  rest = createDiscordRest({ apiUrl: sim.apiUrl, token: sim.token });
  await registerStatsCommands(rest);
  [guildId = ''] = sim.world.guildIds();
  channelId = sim.world.channels(guildId).find((c) => c.name === 'general')?.id ?? '';
  const all = sim.world
    .members(guildId, { limit: 100 })
    .filter((m) => !m.user.bot)
    .map((m) => m.user.id);
  const manages = (id: string) => (sim.world.permissionsFor(channelId, id) & PermissionFlagsBits.ManageGuild) !== 0n;
  admin = all.find(manages) ?? '';
  members = all.filter((id) => !manages(id));
  // Three members with 3, 7 and 12 messages in the last hours.
  for (const [i, messages] of [3, 7, 12].entries())
    stats.add({ guildId, userId: members[i] ?? '', channelId, at: Date.now() - (i + 1) * 3_600_000, messages });

  ({ ns, bus } = await testBus('stats-ix', logger));
  registry = new Registry();
  const handle = createInteractionHandler({
    rest,
    logger,
    metrics: createCommandMetrics(registry),
    replyBudgetMs: 2000,
    handlers: handlers(),
  });
  consumer = await consumeInteractions(bus, 'stats', handle);
});

afterAll(async () => {
  await consumer?.stop();
  await bus?.close();
  await ns?.clear();
  await sim?.close();
});

/** A virtual user runs a command: the interaction the bot receives. */
const userRuns = (
  userId: string,
  name: string,
  options: Record<string, string | number | boolean>,
  subcommand?: string,
) => simUserRuns(sim, channelId, userId, { name, options, ...(subcommand ? { subcommand } : {}) });

/** …and its INTERACTION_CREATE goes onto the bus as gateway-ingest would put it. */
async function runCommand(...args: Parameters<typeof userRuns>): Promise<APIInteraction> {
  const interaction = await userRuns(...args);
  await publish(interaction);
  return interaction;
}

const publish = (interaction: APIInteraction) => publishDispatch(bus, 'INTERACTION_CREATE', interaction);
const answered = (interaction: APIInteraction) => simAnswered(sim, interaction);

async function waitForMetric(pattern: RegExp) {
  for (let i = 0; i < 100 && !pattern.test(await registry.metrics()); i++) await sleep(20);
  expect(await registry.metrics()).toMatch(pattern);
}

describe('stats commands through the bus and the simulator', () => {
  it('answers /leaderboard with the ranking and the caller rank', async () => {
    const caller = members[1] ?? '';
    const interaction = await runCommand(caller, 'leaderboard', { type: 'messages', limit: 5 });
    const response = await answered(interaction);
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const data = response.data as Data;
    expect((data.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
    expect(data.embeds?.[0]?.title).toBe('Top members by messages');
    expect(data.embeds?.[0]?.description).toBe(
      `last 30 days\n\n🥇 <@${members[2]}> — 12 messages\n🥈 <@${members[1]}> — 7 messages\n🥉 <@${members[0]}> — 3 messages`,
    );
    expect(data.embeds?.[0]?.fields?.[0]?.value).toBe(`#2 <@${caller}> — 7 messages`);
  });

  it('answers a bad option with an ephemeral error and reads nothing', async () => {
    const before = stats.calls.leaderboard ?? 0;
    const interaction = await runCommand(members[0] ?? '', 'leaderboard', { type: 'voice', since: '2099-01-01' });
    const response = await answered(interaction);
    const data = response.data as Data;
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(data.content).toBe('since 2099-01-01 is in the future; give a past date.');
    expect(stats.calls.leaderboard ?? 0).toBe(before);
  });

  it('refuses a limit the definition forbids when a client sends it anyway', async () => {
    const made = await fetch(`${sim.controlUrl}/users/${members[0]}/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'command', channel: channelId, name: 'leaderboard', options: { type: 'messages' } }),
    });
    const interaction = (await made.json()) as APIInteraction & {
      data: { options: { name: string; value: unknown }[] };
    };
    // The world only builds options its definitions allow; the bus carries whatever a client sent.
    interaction.data.options = [
      ...interaction.data.options.filter((o) => o.name !== 'limit'),
      { name: 'limit', type: 4, value: 500 } as never,
    ];
    await publish(interaction);
    const data = (await answered(interaction)).data as Data;
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(data.content).toBe('limit must be a whole number from 1 to 25, not 500.');
  });

  it('refuses settings to a member without Manage Server, ephemerally', async () => {
    const interaction = await runCommand(members[0] ?? '', 'stats-settings', { zone: 'Europe/Paris' }, 'timezone');
    const data = (await answered(interaction)).data as Data;
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(data.content).toContain('Manage Server');
  });

  it('lets an admin change the zone, ephemerally', async () => {
    expect(admin).not.toBe('');
    const interaction = await runCommand(admin, 'stats-settings', { zone: 'Asia/Tokyo' }, 'timezone');
    const data = (await answered(interaction)).data as Data;
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(data.content).toBe('Time zone set to Asia/Tokyo.');
  });

  it('defers /chart and edits in the PNG', async () => {
    const interaction = await runCommand(members[0] ?? '', 'chart', { metric: 'messages', days: 2 });
    const response = await answered(interaction);
    expect(response.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const original = (
      response as {
        original?: {
          embeds: { image?: { url: string } }[];
          attachments: { filename: string; content_type?: string }[];
        };
      }
    ).original;
    expect(original?.attachments.map((a) => a.filename)).toEqual(['chart.png']);
    expect(original?.embeds[0]?.image?.url).toContain('chart.png');
    // The handler counts once Discord has taken the edit, which is just after the world shows it.
    await waitForMetric(/stats_command_duration_seconds_count\{command="chart"\} 1/);
    await waitForMetric(/stats_commands_total\{command="leaderboard",outcome="invalid"\} 2/);
    await waitForMetric(/stats_command_deferrals_total\{command="chart"\} 1/);
  });

  it('defers an embed answer that is not ready within the budget, then edits it in', async () => {
    const slow = createInteractionHandler({
      rest,
      logger,
      metrics: createCommandMetrics(new Registry()),
      replyBudgetMs: 0,
      handlers: handlers(slowed(stats, 100)),
    });
    const interaction = await userRuns(members[0] ?? '', 'stats', { user: members[2] ?? '' });
    await slow(interaction);
    const response = await answered(interaction);
    expect(response.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const original = (response as { original?: Data }).original;
    expect(original?.embeds?.[0]?.description).toBe(`<@${members[2]}> · last 30 days`);
    expect(original?.embeds?.[0]?.fields?.[0]?.value).toBe('12 · #1');
  });
});
