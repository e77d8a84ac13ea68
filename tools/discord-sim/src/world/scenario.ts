import { z } from 'zod';

/**
 * A scenario: a seed plus a description of the world. The same scenario gives the same world byte
 * for byte, which is why the history ends at a fixed date rather than at "now".
 */

const name = z.string().min(1).max(100);

const roleSchema = z.object({
  name,
  /** RGB colour, 0 for none. */
  color: z.number().int().min(0).max(0xffffff).default(0),
  hoist: z.boolean().default(false),
  mentionable: z.boolean().default(true),
  /** Whether members of this role may see the guild's private channels. */
  staff: z.boolean().default(false),
});

const channelSchema = z.object({
  name,
  type: z.enum(['text', 'voice', 'stage', 'forum', 'announcement']).default('text'),
  /** Name of the category it sits in; categories are created from these names. */
  category: name.optional(),
  topic: z.string().max(1024).optional(),
  /** Messages in the generated history (for forums: posts are threads, this is ignored). */
  history: z.number().int().min(0).max(100_000_000).default(0),
  /** Threads generated in this channel (forum posts for a forum). */
  threads: z.number().int().min(0).max(1000).default(0),
  /** Messages of each generated thread. */
  threadHistory: z.number().int().min(0).max(1_000_000).default(20),
  /** Hidden from @everyone (and so from bots) by a permission overwrite; only staff roles see it. */
  private: z.boolean().default(false),
  nsfw: z.boolean().default(false),
});

const guildSchema = z.object({
  name,
  /** Members drawn from the user pool (the scenario's bots join every guild on top of these). */
  members: z.number().int().min(1),
  roles: z.array(roleSchema).max(200).default([]),
  channels: z.array(channelSchema).min(1).max(500),
  /** Name of a voice channel that is the AFK channel; its time does not count as voice activity. */
  afkChannel: name.optional(),
  /** Name of the channel that receives join messages; the first text channel by default. */
  systemChannel: name.optional(),
  emojis: z.number().int().min(0).max(250).default(6),
  stickers: z.number().int().min(0).max(60).default(2),
});

/** Privileged gateway intents, by the names Discord's documentation gives them. */
export const PRIVILEGED_INTENTS = ['GUILD_PRESENCES', 'GUILD_MEMBERS', 'MESSAGE_CONTENT'] as const;

const liveSchema = z.object({
  messagesPerSecond: z.number().min(0).default(0),
  reactionsPerSecond: z.number().min(0).default(0),
  voiceJoinsPerSecond: z.number().min(0).default(0),
  memberJoinsPerSecond: z.number().min(0).default(0),
  memberLeavesPerSecond: z.number().min(0).default(0),
  interactionsPerSecond: z.number().min(0).default(0),
  /** Structure churn: member, presence, channel, thread, role and guild changes, spread by how common each is. */
  updatesPerSecond: z.number().min(0).default(0),
});

export const scenarioSchema = z
  .object({
    name: name.default('custom'),
    seed: z.number().int().min(0).max(0xffffffff),
    /** How many bots (applications) to create, or their names. */
    bots: z.union([z.number().int().min(1).max(20), z.array(name).min(1).max(20)]).default(1),
    /** Size of the global user pool that guild members are drawn from. */
    users: z.number().int().min(1).max(10_000_000),
    /** Share of pool users that are bot accounts (other than the scenario's bots). */
    botShare: z.number().min(0).max(1).default(0.01),
    /** End of every generated history; live traffic comes after it. */
    historyEnd: z.iso.datetime({ offset: true }).default('2026-01-01T00:00:00Z'),
    /** How far back the histories reach. */
    historyDays: z.number().positive().max(3650).default(365),
    /**
     * Privileged intents the scenario's bots were granted (the "limited" application flags Discord gives a
     * bot in under 100 guilds); identifying with one not granted closes with 4014.
     */
    privilegedIntents: z.array(z.enum(PRIVILEGED_INTENTS)).default(() => [...PRIVILEGED_INTENTS]),
    /** Zipf exponent of authorship: 0 is uniform, above 1 a few users write most messages. */
    activitySkew: z.number().min(0).max(4).default(1.1),
    /** Rates for the traffic engine; the world only validates and exposes them. */
    live: liveSchema.default(() => liveSchema.parse({})),
    /** At least one guild; typed as a non-empty tuple so `const [first] = scenario.guilds` needs no check. */
    guilds: z
      .tuple([guildSchema], guildSchema)
      .refine((guilds) => guilds.length <= 100, { message: 'at most 100 guilds' }),
  })
  .superRefine((s, ctx) => {
    s.guilds.forEach((g, gi) => {
      if (g.members > s.users)
        ctx.addIssue({
          code: 'custom',
          path: ['guilds', gi, 'members'],
          message: `a guild cannot have more members (${g.members}) than the user pool (${s.users})`,
        });
      const names = new Set(g.channels.map((c) => c.name));
      for (const key of ['afkChannel', 'systemChannel'] as const) {
        const wanted = g[key];
        if (wanted !== undefined && !names.has(wanted))
          ctx.addIssue({ code: 'custom', path: ['guilds', gi, key], message: `no channel named "${wanted}"` });
      }
      const afk = g.channels.find((c) => c.name === g.afkChannel);
      if (afk && afk.type !== 'voice')
        ctx.addIssue({
          code: 'custom',
          path: ['guilds', gi, 'afkChannel'],
          message: 'the AFK channel must be a voice channel',
        });
    });
  });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type GuildSpec = Scenario['guilds'][number];
export type ChannelSpec = GuildSpec['channels'][number];
export type LiveRates = Scenario['live'];

const communityRoles: z.input<typeof roleSchema>[] = [
  { name: 'Moderators', color: 0xe74c3c, hoist: true, staff: true },
  { name: 'Regulars', color: 0x3498db, hoist: true },
  { name: 'Artists', color: 0x9b59b6 },
  { name: 'Gamers', color: 0x2ecc71 },
  { name: 'Announcements Ping', color: 0, mentionable: true },
];

/** Scenarios known by name, for tests (`tiny`), `npm start` (`demo`), scale (`large`) and rate limits (`multi-bot`). */
export const namedScenarios = {
  tiny: {
    name: 'tiny',
    seed: 1,
    bots: ['SimBot'],
    users: 40,
    historyDays: 30,
    guilds: [
      {
        name: 'Tiny Guild',
        members: 20,
        roles: communityRoles.slice(0, 3),
        afkChannel: 'AFK',
        channels: [
          { name: 'general', category: 'Text', history: 200, threads: 2, threadHistory: 12 },
          { name: 'random', category: 'Text', history: 150 },
          { name: 'announcements', type: 'announcement', category: 'Text', history: 30 },
          { name: 'help', type: 'forum', category: 'Text', threads: 3, threadHistory: 8 },
          { name: 'Lounge', type: 'voice', category: 'Voice' },
          { name: 'AFK', type: 'voice', category: 'Voice' },
        ],
      },
    ],
    live: { messagesPerSecond: 1, reactionsPerSecond: 0.5, voiceJoinsPerSecond: 0.1, interactionsPerSecond: 0.1 },
  },
  demo: {
    name: 'demo',
    seed: 2026,
    bots: ['Platform', 'Helper'],
    users: 900,
    historyDays: 180,
    guilds: [
      {
        name: 'Open Source Lounge',
        members: 600,
        roles: communityRoles,
        afkChannel: 'AFK',
        channels: [
          { name: 'welcome', category: 'Info', history: 400 },
          { name: 'announcements', type: 'announcement', category: 'Info', history: 300 },
          { name: 'general', category: 'Chat', history: 5000, threads: 6, threadHistory: 40 },
          { name: 'off-topic', category: 'Chat', history: 3000, threads: 3 },
          { name: 'media', category: 'Chat', history: 1500 },
          { name: 'help', type: 'forum', category: 'Chat', threads: 20, threadHistory: 25 },
          { name: 'staff', category: 'Chat', history: 500, private: true },
          { name: 'General Voice', type: 'voice', category: 'Voice' },
          { name: 'Gaming', type: 'voice', category: 'Voice' },
          { name: 'Town Hall', type: 'stage', category: 'Voice' },
          { name: 'AFK', type: 'voice', category: 'Voice' },
        ],
      },
      {
        name: 'Climbing Club',
        members: 300,
        roles: communityRoles.slice(0, 4),
        afkChannel: 'AFK',
        channels: [
          { name: 'general', history: 2500, threads: 4 },
          { name: 'trips', history: 1200 },
          { name: 'gear', type: 'forum', threads: 10, threadHistory: 15 },
          { name: 'committee', history: 300, private: true },
          { name: 'Voice', type: 'voice' },
          { name: 'AFK', type: 'voice' },
        ],
      },
    ],
    live: {
      messagesPerSecond: 5,
      reactionsPerSecond: 3,
      voiceJoinsPerSecond: 0.3,
      memberJoinsPerSecond: 0.05,
      memberLeavesPerSecond: 0.02,
      interactionsPerSecond: 0.5,
      updatesPerSecond: 0.5,
    },
  },
  large: {
    name: 'large',
    seed: 7,
    bots: ['SimBot'],
    users: 120_000,
    historyDays: 730,
    guilds: [
      {
        name: 'Huge Community',
        members: 100_000,
        roles: communityRoles,
        afkChannel: 'AFK',
        channels: [
          { name: 'firehose', category: 'Chat', history: 1_000_000, threads: 20, threadHistory: 200 },
          { name: 'general', category: 'Chat', history: 50_000, threads: 5 },
          { name: 'announcements', type: 'announcement', category: 'Chat', history: 2000 },
          { name: 'support', type: 'forum', category: 'Chat', threads: 50, threadHistory: 30 },
          { name: 'mods', category: 'Chat', history: 5000, private: true },
          { name: 'Voice 1', type: 'voice', category: 'Voice' },
          { name: 'Voice 2', type: 'voice', category: 'Voice' },
          { name: 'AFK', type: 'voice', category: 'Voice' },
        ],
      },
    ],
    live: {
      messagesPerSecond: 200,
      reactionsPerSecond: 100,
      voiceJoinsPerSecond: 2,
      memberJoinsPerSecond: 1,
      memberLeavesPerSecond: 0.5,
      interactionsPerSecond: 5,
      updatesPerSecond: 5,
    },
  },
  'multi-bot': {
    name: 'multi-bot',
    seed: 3,
    bots: ['Alpha', 'Bravo', 'Charlie'],
    users: 60,
    historyDays: 30,
    guilds: [
      {
        name: 'Bot Arena',
        members: 40,
        roles: communityRoles.slice(0, 2),
        channels: [
          { name: 'general', history: 500 },
          { name: 'spam', history: 100 },
          { name: 'staff', history: 50, private: true },
          { name: 'Voice', type: 'voice' },
        ],
      },
    ],
    live: { messagesPerSecond: 20, reactionsPerSecond: 10, interactionsPerSecond: 5 },
  },
} satisfies Record<string, ScenarioInput>;

export type ScenarioName = keyof typeof namedScenarios;

export function isScenarioName(value: string): value is ScenarioName {
  return Object.hasOwn(namedScenarios, value);
}

/** Validates a scenario (a name or a description); throws a zod error naming the bad field. */
export function resolveScenario(scenario: ScenarioName | ScenarioInput): Scenario {
  if (typeof scenario === 'string') {
    if (!isScenarioName(scenario))
      throw new Error(`unknown scenario "${scenario}"; known: ${Object.keys(namedScenarios).join(', ')}`);
    return scenarioSchema.parse(namedScenarios[scenario]);
  }
  return scenarioSchema.parse(scenario);
}
