import { once } from 'node:events';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  ComponentType,
  Events,
  GatewayIntentBits,
  type Message,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/index.js';
import { NO_TRAFFIC } from '../traffic/traffic-fixture.js';

const quiet = { ...NO_TRAFFIC, componentPressShare: 1 };

let sim: Simulator;
let client: Client | undefined;

beforeAll(async () => {
  // Traffic runs, but only its virtual users answering the bot's components.
  sim = await createSimulator({ scenario: 'tiny', traffic: { autostart: true, rates: quiet } });
});

afterAll(async () => {
  await client?.destroy();
  await sim.close();
});

it('serves an unmodified discord.js client: login, guilds, messages, replies and a collected button press', async () => {
  client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.GuildMembers,
      GatewayIntentBits.GuildVoiceStates,
    ],
    rest: { api: sim.apiUrl },
  });
  const ready = once(client, Events.ClientReady);
  await client.login(sim.token);
  await ready;

  const guildId = sim.world.guildIds()[0] as string;
  const guild = client.guilds.cache.get(guildId);
  expect(guild?.name).toBe('Tiny Guild');
  expect(client.user?.id).toBe(sim.bots[0]?.user.id);
  const general = guild?.channels.cache.find((c) => c.name === 'general') as TextChannel | undefined;
  expect(general?.type).toBe(ChannelType.GuildText);
  expect(guild?.channels.cache.size).toBe(sim.world.channels(guildId).length + sim.world.activeThreads(guildId).length);
  expect(guild?.members.cache.size).toBe(sim.world.guildCreate(guildId, 250).member_count);
  if (!general) throw new Error('no #general');

  // A virtual user speaks; the bot hears it and replies.
  const member = sim.world.membersByActivity(guildId)[0] as string;
  const heard = new Promise<Message>((resolve) => {
    client?.on(Events.MessageCreate, (message) => {
      if (message.content === 'anyone there?') resolve(message);
    });
  });
  const spoken = sim.world.createMessage(general.id, member, { content: 'anyone there?' });
  const message = await heard;
  expect(message.id).toBe(spoken.id);
  expect(message.author.id).toBe(member);
  expect(message.member?.id).toBe(member);
  const reply = await message.reply('I am here');
  expect(sim.world.message(general.id, reply.id)).toMatchObject({
    content: 'I am here',
    message_reference: { message_id: spoken.id },
    author: { id: client.user?.id },
  });

  // The bot offers a button; a virtual user presses it; the collector collects it; the bot updates the message.
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId('lending:borrow').setLabel('Borrow').setStyle(ButtonStyle.Primary),
  );
  const offer = await general.send({ content: 'Borrow the rope?', components: [row] });
  const press = await offer.awaitMessageComponent({ componentType: ComponentType.Button, time: 10_000 });
  expect(press.customId).toBe('lending:borrow');
  expect(press.message.id).toBe(offer.id);
  expect(press.user.bot).toBe(false);
  expect(press.inGuild()).toBe(true);
  await press.update({ content: `Lent to ${press.user.username}`, components: [] });
  expect(sim.world.interaction(press.id)?.response?.type).toBe(7);
  expect(sim.world.message(general.id, offer.id)).toMatchObject({
    content: `Lent to ${press.user.username}`,
    components: [],
  });
  expect(sim.traffic.stats.componentUses).toBe(1);
}, 30_000);
