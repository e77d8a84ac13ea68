import { COMMAND_OWNERS } from '@platform/contracts';
import {
  type APIApplicationCommandInteractionDataOption,
  PermissionFlagsBits,
  ApplicationCommandOptionType as T,
} from 'discord-api-types/v10';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { STATS_COMMANDS } from '../src/commands/command-definitions.js';
import type { Answer, Invocation } from '../src/commands/command-handler.js';
import { CommandOptions } from '../src/commands/command-options.js';
import { userStatsEmbed } from '../src/commands/stats-command.js';
import { statsCommandHandlers } from '../src/commands/stats-command-handlers.js';
import { createPngRenderer } from '../src/render/render-png.js';
import { InvalidOptionError } from '../src/window/invalid-option-error.js';
import { MemorySettings, MemoryStats } from './memory-stats.js';
import { refusal } from './refusal.js';

const GUILD = '900000000000000001';
const ALICE = '100000000000000001';
const BOB = '100000000000000002';
const CAROL = '100000000000000003';
const GENERAL = '800000000000000001';
const NOW = Date.UTC(2026, 2, 15, 13, 20);
const HOUR = 3_600_000;

type Given = Record<string, string | number | boolean>;

/** Options as Discord sends them, typed from the registered definitions. */
function dataOptions(command: string, given: Given, subcommand?: string): APIApplicationCommandInteractionDataOption[] {
  const definition = STATS_COMMANDS.find((c) => c.name === command);
  const level = subcommand
    ? ((definition?.options?.find((o) => o.name === subcommand) as { options?: { name: string; type: number }[] })
        ?.options ?? [])
    : ((definition?.options ?? []) as { name: string; type: number }[]);
  const leaf = Object.entries(given).map(([name, value]) => {
    const type = level.find((o) => o.name === name)?.type;
    if (type === undefined) throw new Error(`/${command} has no option ${name}`);
    return { name, type, value } as APIApplicationCommandInteractionDataOption;
  });
  return subcommand
    ? [{ type: T.Subcommand, name: subcommand, options: leaf } as APIApplicationCommandInteractionDataOption]
    : leaf;
}

function setUp() {
  const stats = new MemoryStats();
  const settings = new MemorySettings(stats);
  const invalidated: string[] = [];
  const handlers = statsCommandHandlers({
    queries: stats,
    settings,
    renderer: createPngRenderer({ fontDir: '/usr/share/fonts/truetype/dejavu', registry: new Registry() }),
    defaultDays: 30,
    invalidateGuild: async (guildId) => invalidated.push(guildId),
  });
  const invoke = (
    command: string,
    given: Given = {},
    {
      subcommand,
      userId = ALICE,
      permissions = 0n,
    }: { subcommand?: string; userId?: string; permissions?: bigint } = {},
  ) => {
    const handler = handlers[command];
    if (!handler) throw new Error(`no handler for ${command}`);
    const invocation: Invocation = {
      guildId: GUILD,
      userId,
      permissions,
      options: new CommandOptions(dataOptions(command, given, subcommand)),
      now: NOW,
    };
    return handler(invocation);
  };
  const run = async (...args: Parameters<typeof invoke>): Promise<Answer> => invoke(...args).run();
  stats.add(
    { guildId: GUILD, userId: ALICE, channelId: GENERAL, at: NOW - 2 * HOUR, messages: 5, voiceSeconds: 600 },
    { guildId: GUILD, userId: BOB, channelId: GENERAL, at: NOW - 3 * HOUR, messages: 9, reactionsGiven: 4 },
    { guildId: GUILD, userId: CAROL, channelId: GENERAL, at: NOW - 40 * 24 * HOUR, messages: 50 },
  );
  return { stats, settings, invalidated, invoke, run };
}

describe('definitions', () => {
  it('register exactly the commands the contracts route to stats, with a handler each', () => {
    const routed = Object.entries(COMMAND_OWNERS)
      .filter(([, owner]) => owner === 'stats')
      .map(([name]) => name)
      .sort();
    expect(STATS_COMMANDS.map((c) => c.name).sort()).toEqual(routed);
    expect(Object.keys(setUpHandlers()).sort()).toEqual(routed);
  });
});

function setUpHandlers() {
  const stats = new MemoryStats();
  return statsCommandHandlers({
    queries: stats,
    settings: new MemorySettings(stats),
    renderer: createPngRenderer({ fontDir: '/usr/share/fonts/truetype/dejavu', registry: new Registry() }),
    defaultDays: 30,
    invalidateGuild: async () => {},
  });
}

describe('/leaderboard', () => {
  it('ranks the window and shows the caller place', async () => {
    const { run } = setUp();
    const answer = await run('leaderboard', { type: 'messages' });
    const embed = answer.embeds?.[0];
    expect(embed?.title).toBe('Top members by messages');
    expect(embed?.description).toBe(`last 30 days\n\n🥇 <@${BOB}> — 9 messages\n🥈 <@${ALICE}> — 5 messages`);
    expect(embed?.fields?.[0]).toEqual({ name: 'Your rank', value: `#2 <@${ALICE}> — 5 messages` });
  });

  it('counts all time when asked, and says when the caller has none', async () => {
    const { run } = setUp();
    const all = await run('leaderboard', { type: 'messages', all: true, limit: 1 }, { userId: ALICE });
    expect(all.embeds?.[0]?.description).toBe(`all time\n\n🥇 <@${CAROL}> — 50 messages`);
    expect(all.embeds?.[0]?.fields?.[0]?.value).toBe(`#3 <@${ALICE}> — 5 messages`);
    const voice = await run('leaderboard', { type: 'reactions' }, { userId: ALICE });
    expect(voice.embeds?.[0]?.fields?.[0]?.value).toBe(`<@${ALICE}> has none in this period.`);
  });

  it('refuses a limit out of range, days of 0 and a future since before reading anything', () => {
    const { invoke, stats } = setUp();
    expect(refusal(() => invoke('leaderboard', { type: 'messages', limit: 26 })).message).toBe(
      'limit must be a whole number from 1 to 25, not 26.',
    );
    expect(refusal(() => invoke('leaderboard', { type: 'voice', days: 0 })).option).toBe('days');
    expect(refusal(() => invoke('leaderboard', { type: 'voice', since: '2030-01-01' })).message).toContain('future');
    expect(refusal(() => invoke('leaderboard', { type: 'likes' })).message).toContain('messages, voice, reactions');
    expect(refusal(() => invoke('leaderboard', {})).option).toBe('type');
    expect(stats.calls).toEqual({});
  });
});

describe('/stats and /server', () => {
  it('show a member, by default the caller', async () => {
    const { run } = setUp();
    const mine = (await run('stats')).embeds?.[0];
    expect(mine?.description).toBe(`<@${ALICE}> · last 30 days`);
    expect(mine?.fields?.find((f) => f.name === 'Messages')?.value).toBe('5 · #2');
    expect(mine?.fields?.find((f) => f.name === 'Voice')?.value).toBe('10 min · #1');
    const bob = (await run('stats', { user: BOB, days: 1 })).embeds?.[0];
    expect(bob?.fields?.find((f) => f.name === 'Reactions')?.value).toBe('4 given · 0 received');
  });

  it('breaks voice time down where there is any', () => {
    const base = { userId: ALICE, messages: 0, edits: 0, deletions: 0, attachments: 0, reactionsGiven: 0 };
    const embed = userStatsEmbed(
      {
        ...base,
        reactionsReceived: 0,
        voiceSeconds: 7200,
        streamSeconds: 1800,
        videoSeconds: 0,
        muteSeconds: 600,
        deafSeconds: 0,
        messageRank: null,
        voiceRank: 3,
        topChannels: [],
        lastActiveAt: null,
      },
      'all time',
    );
    expect(embed.fields?.find((f) => f.name === 'Voice')?.value).toBe(
      '2 h 00 min · #3\n30 min streaming · 10 min muted',
    );
  });

  it('says a member opted out instead of showing zeros', async () => {
    const { run, settings } = setUp();
    await settings.optOut(GUILD, BOB);
    expect((await run('stats', { user: BOB })).content).toContain('opted out');
  });

  it('/server sums the guild with retention', async () => {
    const { run } = setUp();
    const embed = (await run('server', { all: true })).embeds?.[0];
    expect(embed?.fields?.find((f) => f.name === 'Messages')?.value).toBe('64');
    expect(embed?.fields?.find((f) => f.name === 'Active members')?.value).toBe('3');
    expect(embed?.fields?.find((f) => f.name.startsWith('Left within'))?.value).toBe('1 of 4 (25%)');
    expect(embed?.fields?.find((f) => f.name === 'Top emoji')?.value).toBe('🎉 — 3');
  });
});

describe('/inactive', () => {
  it('lists members silent for the given days, least recently active first', async () => {
    const { run, stats } = setUp();
    stats.join(GUILD, '100000000000000009');
    const embed = (await run('inactive', { days: 30 })).embeds?.[0];
    expect(embed?.description).toBe(
      `<@100000000000000009> — never active\n<@${CAROL}> — last active <t:${Math.floor((NOW - 40 * 24 * HOUR) / 1000)}:R>`,
    );
  });
});

describe('/chart and /heatmap', () => {
  it('defer at once and answer with a PNG the embed shows', async () => {
    const { invoke } = setUp();
    const chart = invoke('chart', { metric: 'messages', days: 7 });
    expect(chart.defer).toBe('at-once');
    const answer = await chart.run();
    expect(answer.embeds?.[0]?.image?.url).toBe('attachment://chart.png');
    expect(answer.files?.[0]).toMatchObject({ name: 'chart.png', contentType: 'image/png' });
    expect(answer.files?.[0]?.data.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('heatmap has the text grid beside the image, in the guild zone', async () => {
    const { run, settings } = setUp();
    await settings.update(GUILD, { timeZone: 'Asia/Tokyo' });
    const answer = await run('heatmap');
    const description = answer.embeds?.[0]?.description ?? '';
    expect(description).toContain('14 messages, by hour (Asia/Tokyo)');
    // Bob's 9 at 10:20 UTC and Alice's 5 at 11:20 UTC on Sunday are 19:20 and 20:20 on Sunday in Tokyo.
    const sunday = description.split('\n').find((line) => line.startsWith('Sun')) ?? '';
    expect(sunday.slice(4)).toBe(`${'·'.repeat(19)}█▓···`);
    expect(answer.files?.[0]?.name).toBe('heatmap.png');
  });

  it('refuses hourly points over more than a month', async () => {
    const { invoke } = setUp();
    await expect(invoke('chart', { granularity: 'hour', days: 60 }).run()).rejects.toThrow(/at most 31 days/);
  });
});

describe('/stats-settings', () => {
  const admin = PermissionFlagsBits.ManageGuild;

  it('refuses a member without Manage Server, changing nothing', async () => {
    const { invoke, settings, invalidated } = setUp();
    const error = refusal(() => invoke('stats-settings', { zone: 'Europe/Paris' }, { subcommand: 'timezone' }));
    expect(error.message).toContain('Manage Server');
    expect(refusal(() => invoke('stats-settings', { enabled: true }, { subcommand: 'content' })).option).toBe(
      'permissions',
    );
    expect((await settings.get(GUILD)).timeZone).toBe('UTC');
    expect(invalidated).toEqual([]);
  });

  it('refuses an unknown zone even from an admin', async () => {
    const { invoke, settings } = setUp();
    const error = refusal(() =>
      invoke('stats-settings', { zone: 'Mars/Olympus' }, { subcommand: 'timezone', permissions: admin }),
    );
    expect(error.message).toBe('"Mars/Olympus" is not a time zone; use an IANA name such as Europe/Paris.');
    expect((await settings.get(GUILD)).timeZone).toBe('UTC');
  });

  it('changes settings for an admin and drops the guild cached answers', async () => {
    const { invoke, settings, invalidated } = setUp();
    const prepared = invoke('stats-settings', { zone: 'Europe/Paris' }, { subcommand: 'timezone', permissions: admin });
    expect(prepared.ephemeral).toBe(true);
    expect((await prepared.run()).content).toBe('Time zone set to Europe/Paris.');
    const administrator = PermissionFlagsBits.Administrator;
    await invoke(
      'stats-settings',
      { channel: GENERAL },
      { subcommand: 'exclude-channel', permissions: administrator },
    ).run();
    const again = await invoke(
      'stats-settings',
      { channel: GENERAL },
      { subcommand: 'exclude-channel', permissions: admin },
    ).run();
    expect(again.content).toContain('already excluded');
    expect(await settings.get(GUILD)).toMatchObject({ timeZone: 'Europe/Paris', excludedChannelIds: [GENERAL] });
    expect(invalidated).toEqual([GUILD, GUILD]);
  });

  it('lets any member opt out (their data removed) and back in', async () => {
    const { invoke, settings, stats, run } = setUp();
    await invoke('stats-settings', {}, { subcommand: 'optout', userId: BOB }).run();
    expect(await settings.isOptedOut(GUILD, BOB)).toBe(true);
    expect(stats.activity.some((a) => a.userId === BOB)).toBe(false);
    expect((await run('leaderboard', { type: 'messages' })).embeds?.[0]?.description).not.toContain(BOB);
    await invoke('stats-settings', {}, { subcommand: 'optin', userId: BOB }).run();
    expect(await settings.isOptedOut(GUILD, BOB)).toBe(false);
  });
});

describe('CommandOptions', () => {
  it('refuses a value of the wrong type instead of trusting it', () => {
    const options = new CommandOptions([{ name: 'days', type: T.Integer, value: 'ten' } as never]);
    expect(() => options.integer('days')).toThrow(InvalidOptionError);
    const wrongType = new CommandOptions([{ name: 'days', type: T.String, value: '3' }]);
    expect(() => wrongType.integer('days')).toThrow('days has the wrong type.');
  });
});
