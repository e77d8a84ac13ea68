import {
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteractionData,
  type APIInteraction,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  ApplicationCommandType,
  ButtonStyle,
  ComponentType,
  InteractionType,
  ApplicationCommandOptionType as O,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { ApplicationCommands } from '../../src/rest/application-commands.js';
import { commandBody } from '../../src/rest/bodies/command-body.js';
import { VirtualUserError } from '../../src/traffic/index.js';
import { trafficFixture } from './traffic-fixture.js';

const interactionsOf = (f: ReturnType<typeof trafficFixture>) =>
  f.of('INTERACTION_CREATE').map((d) => d.d as APIInteraction);

function textChannel(f: ReturnType<typeof trafficFixture>, name = 'general'): string {
  const channel = f.world.channels(f.guildId).find((c) => c.name === name);
  if (!channel) throw new Error(`no channel ${name}`);
  return channel.id;
}

const buttons = [
  {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'lending:borrow:7', label: 'Borrow' },
      { type: ComponentType.Button, style: ButtonStyle.Link, url: 'https://example.com', label: 'Docs' },
      { type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: 'lending:off', label: 'Off', disabled: true },
    ],
  },
];

const select = [
  {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: 'stats:period',
        min_values: 1,
        max_values: 2,
        options: ['day', 'week', 'month'].map((value) => ({ label: value, value })),
      },
    ],
  },
];

const modal = {
  custom_id: 'lending:feedback',
  title: 'Feedback',
  components: [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.TextInput,
          custom_id: 'subject',
          style: 1,
          label: 'Subject',
          min_length: 5,
          max_length: 20,
        },
      ],
    },
    {
      type: ComponentType.Label,
      label: 'Details',
      component: { type: ComponentType.TextInput, custom_id: 'details', style: 2, min_length: 30, max_length: 200 },
    },
    {
      type: ComponentType.Label,
      label: 'Who',
      component: { type: ComponentType.UserSelect, custom_id: 'who', min_values: 1, max_values: 1 },
    },
  ],
};

describe('virtual users', () => {
  it('use the buttons and selects of the bots’ messages, then fill in and submit the modal a bot opens', () => {
    const f = trafficFixture('tiny', {
      rates: { componentPressShare: 1, modalSubmitShare: 1 },
      virtualUsers: { pressDelayMs: [500, 1500], modalDelayMs: [3000, 3000] },
    });
    const bot = f.world.bots[0];
    if (!bot) throw new Error('no bot');
    // The bot under test: answers every button press with a modal.
    f.world.onDispatch(({ t, d }) => {
      const i = d as APIInteraction;
      if (t === 'INTERACTION_CREATE' && i.type === InteractionType.MessageComponent && i.data.component_type === 2)
        f.world.respondToInteraction(i.id, i.token, { type: 9, data: modal });
    });
    f.engine.start();
    const channelId = textChannel(f);
    const withButtons = f.world.createMessage(channelId, bot.user.id, { content: 'Borrow it?', components: buttons });
    const withSelect = f.world.createMessage(channelId, bot.user.id, { content: 'Which period?', components: select });
    // Members' messages with components are not the bots': nobody answers them.
    const member = f.world.membersByActivity(f.guildId)[0] as string;
    f.world.createMessage(channelId, member, { content: 'fake', components: buttons });
    f.clock.advance(2000);

    const uses = interactionsOf(f).filter(
      (i): i is APIMessageComponentInteraction => i.type === InteractionType.MessageComponent,
    );
    expect(uses).toHaveLength(2);
    const press = uses.find((i) => i.message.id === withButtons.id);
    expect(press?.data).toEqual({ custom_id: 'lending:borrow:7', component_type: ComponentType.Button });
    expect(press).toMatchObject({ application_id: bot.application.id, guild_id: f.guildId, channel_id: channelId });
    expect(press?.member?.permissions).toMatch(/^\d+$/);
    const pick = uses.find((i) => i.message.id === withSelect.id);
    const values = (pick?.data as { values?: string[] } | undefined)?.values ?? [];
    expect(values.length).toBeGreaterThanOrEqual(1);
    expect(values.length).toBeLessThanOrEqual(2);
    for (const value of values) expect(['day', 'week', 'month']).toContain(value);

    f.clock.advance(5000);
    const submits = interactionsOf(f).filter(
      (i): i is APIModalSubmitInteraction => i.type === InteractionType.ModalSubmit,
    );
    expect(submits).toHaveLength(1);
    const submit = submits[0] as APIModalSubmitInteraction;
    expect(submit.member?.user.id).toBe(press?.member?.user.id);
    expect((submit as { message?: { id: string } }).message?.id).toBe(withButtons.id);
    expect(submit.data.custom_id).toBe('lending:feedback');
    const [row, details, who] = submit.data.components as unknown as [
      { type: 1; components: [{ custom_id: string; value: string }] },
      { type: 18; component: { custom_id: string; value: string } },
      { type: 18; component: { custom_id: string; values: string[] } },
    ];
    expect(row.components[0].custom_id).toBe('subject');
    expect(row.components[0].value.length).toBeGreaterThanOrEqual(5);
    expect(row.components[0].value.length).toBeLessThanOrEqual(20);
    expect(details.component.value.length).toBeGreaterThanOrEqual(30);
    expect(details.component.value.length).toBeLessThanOrEqual(200);
    expect(who.component.values).toHaveLength(1);
    expect(submit.data.resolved?.users?.[who.component.values[0] as string]).toBeDefined();
    expect(f.engine.stats).toMatchObject({ componentUses: 2, modalSubmits: 1 });
    f.engine.stop();
  });

  it('run the commands the bots registered, with options that fit their definitions', () => {
    const commands = new ApplicationCommands();
    const f = trafficFixture('tiny', {
      rates: { interactionsPerSecond: 1 },
      commands: (applicationId, guildId) => [
        ...commands.list(applicationId, null),
        ...commands.list(applicationId, guildId),
      ],
    });
    const app = f.world.bots[0]?.application.id as string;
    const register = (guildId: string | null, body: unknown) =>
      commands.create(app, guildId, commandBody.parse(body), f.clock.now());
    register(null, {
      name: 'stats',
      description: 'Statistics',
      options: [
        {
          type: O.String,
          name: 'period',
          description: 'p',
          required: true,
          choices: ['day', 'week'].map((v) => ({ name: v, value: v })),
        },
        { type: O.Integer, name: 'top', description: 't', required: true, min_value: 3, max_value: 7 },
        { type: O.Number, name: 'ratio', description: 'r', min_value: 0, max_value: 1 },
        { type: O.User, name: 'user', description: 'u', required: true },
        { type: O.Channel, name: 'where', description: 'c', channel_types: [2] },
        { type: O.Role, name: 'role', description: 'r' },
        { type: O.Boolean, name: 'private', description: 'b' },
        { type: O.String, name: 'note', description: 'n', min_length: 4, max_length: 9 },
      ],
    });
    register(f.guildId, {
      name: 'lend',
      description: 'Lending',
      options: [
        {
          type: O.Subcommand,
          name: 'add',
          description: 'a',
          options: [{ type: O.String, name: 'item', description: 'i', required: true }],
        },
        { type: O.Subcommand, name: 'list', description: 'l' },
      ],
    });
    register(f.guildId, { name: 'Profile', type: ApplicationCommandType.User });
    register(f.guildId, { name: 'Bookmark', type: ApplicationCommandType.Message });

    f.engine.start();
    f.clock.advance(200_000);
    f.engine.stop();
    const runs = interactionsOf(f).filter((i) => i.type === InteractionType.ApplicationCommand);
    expect(runs.length).toBe(f.engine.stats.commands);
    expect(runs.length).toBeGreaterThan(150);
    const byName = (name: string) => runs.filter((i) => i.data.name === name);
    for (const name of ['stats', 'lend', 'Profile', 'Bookmark']) expect(byName(name).length).toBeGreaterThan(20);

    for (const run of byName('stats')) {
      const data = run.data as APIChatInputApplicationCommandInteractionData;
      const value = (name: string) =>
        (data.options?.find((o) => o.name === name) as { value?: unknown } | undefined)?.value;
      expect(['day', 'week']).toContain(value('period'));
      expect(value('top')).toBeGreaterThanOrEqual(3);
      expect(value('top')).toBeLessThanOrEqual(7);
      expect(Number.isInteger(value('top'))).toBe(true);
      expect(data.resolved?.users?.[value('user') as string]).toBeDefined();
      expect(data.resolved?.members?.[value('user') as string]?.permissions).toMatch(/^\d+$/);
      const where = value('where');
      if (where !== undefined) expect(data.resolved?.channels?.[where as string]?.type).toBe(2);
      const note = value('note');
      if (note !== undefined) expect(String(note).length).toBeGreaterThanOrEqual(4);
      if (note !== undefined) expect(String(note).length).toBeLessThanOrEqual(9);
      const ratio = value('ratio');
      if (ratio !== undefined) expect(ratio).toBeLessThanOrEqual(1);
    }
    expect(byName('stats').some((r) => (r.data as { options: unknown[] }).options.length > 3)).toBe(true);
    for (const run of byName('lend')) {
      const [sub] = (run.data as APIChatInputApplicationCommandInteractionData).options ?? [];
      expect(sub?.type).toBe(O.Subcommand);
      if (sub?.name === 'add')
        expect((sub as { options: APIApplicationCommandInteractionDataOption[] }).options[0]?.name).toBe('item');
    }
    for (const run of byName('Profile'))
      expect((run.data as { resolved: { users: object } }).resolved.users).toHaveProperty(
        (run.data as { target_id: string }).target_id,
      );
    for (const run of byName('Bookmark'))
      expect((run.data as { resolved: { messages: object } }).resolved.messages).toHaveProperty(
        (run.data as { target_id: string }).target_id,
      );

    // Explicitly, with given options; what does not fit is refused with the reason.
    const userId = f.world.membersByActivity(f.guildId)[0] as string;
    const channelId = textChannel(f);
    const given = f.engine.runCommand({
      userId,
      channelId,
      name: 'stats',
      options: { period: 'week', top: 5, user: userId },
    });
    const options = (given.data as APIChatInputApplicationCommandInteractionData).options ?? [];
    expect(options.slice(0, 2)).toEqual([
      { type: O.String, name: 'period', value: 'week' },
      { type: O.Integer, name: 'top', value: 5 },
    ]);
    const lend = f.engine.runCommand({ userId, channelId, name: 'lend', subcommand: 'add', options: { item: 'rope' } });
    expect((lend.data as APIChatInputApplicationCommandInteractionData).options).toEqual([
      { type: O.Subcommand, name: 'add', options: [{ type: O.String, name: 'item', value: 'rope' }] },
    ]);
    expect(() => f.engine.runCommand({ userId, channelId, name: 'stats', options: { period: 'year' } })).toThrow(
      /must be one of "day", "week"/,
    );
    expect(() => f.engine.runCommand({ userId, channelId, name: 'stats', options: { top: 9 } })).toThrow(
      /between 3 and 7/,
    );
    expect(() => f.engine.runCommand({ userId, channelId, name: 'nope' })).toThrow(VirtualUserError);
    expect(() => f.engine.runCommand({ userId, channelId, name: 'lend', subcommand: 'burn' })).toThrow(/add, list/);
  });
});
