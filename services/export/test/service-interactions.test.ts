import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { type BusConsumer, consumeInteractions } from '@platform/bus';
import {
  dedupeId,
  ENVELOPE_VERSION,
  type Envelope,
  guildIdOf,
  platformStreams,
  type RoutableInteraction,
  routeInteraction,
} from '@platform/contracts';
import { type APIInteraction, type APIMessage, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportInteractionHandler } from '../src/service/export-interactions.js';
import { registerExportCommand } from '../src/service/register-export-command.js';
import { busiestChannel, logger, type ServiceWorld, startServiceWorld } from './service-harness.js';

type DataOption = { name: string; type: number; value?: unknown };

let world: ServiceWorld;
let consumer: BusConsumer;
let channel: { id: string; messages: number };
let member: string;

beforeAll(async () => {
  world = await startServiceWorld('export-ix');
  channel = busiestChannel(world);
  const registered = await registerExportCommand(world.rest);
  expect(registered.registered).toEqual(['export']);
  // Someone who may read the channel (and so export it).
  member =
    world.sim.world
      .members(world.guildId, { limit: 100 })
      .map((m) => m.user.id)
      .find((id) => world.sim.world.user(id)?.bot !== true) ?? '';
  consumer = await consumeInteractions(
    world.bus,
    'export',
    createExportInteractionHandler({
      rest: world.rest,
      store: world.store,
      enqueue: world.enqueue,
      logger,
    }),
  );
  await world.startReplica();
});

afterAll(async () => {
  await consumer?.stop();
  await world?.close();
});

/** A member runs /export with just these options; its INTERACTION_CREATE goes onto the bus as gateway-ingest puts it. */
async function runExport(options: Record<string, string>): Promise<APIInteraction> {
  const response = await fetch(`${world.sim.controlUrl}/users/${member}/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'command', channel: channel.id, name: 'export', options }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const interaction = (await response.json()) as APIInteraction & { data: { options?: DataOption[] } };
  // The simulator fills in optional options at random; keep only the ones given, as a client sending just those.
  interaction.data.options = interaction.data.options?.filter((option) => option.name in options);
  const envelope: Envelope = {
    v: ENVELOPE_VERSION,
    id: dedupeId('INTERACTION_CREATE', interaction, null),
    t: 'INTERACTION_CREATE',
    shard: 0,
    seq: null,
    guildId: guildIdOf('INTERACTION_CREATE', interaction),
    receivedAt: Date.now(),
    d: interaction,
  };
  const route = routeInteraction(interaction as unknown as RoutableInteraction);
  expect(route?.service).toBe('export');
  await world.bus.publish(world.bus.subjects.interaction('export', route?.kind ?? 'command'), envelope, {
    msgId: envelope.id,
  });
  return interaction;
}

/** Waits until the interaction's record satisfies `until`. */
async function recorded<T>(interaction: APIInteraction, until: () => T | undefined): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const found = world.sim.world.interaction(interaction.id)?.response ? until() : undefined;
    if (found !== undefined) return found;
    await sleep(100);
  }
  throw new Error(
    `interaction ${interaction.id} never got there: ${JSON.stringify(world.sim.world.interaction(interaction.id))}`,
  );
}

async function queuedMessages(): Promise<number> {
  const jsm = await jetstreamManager(world.bus.connection);
  return (await jsm.streams.info(platformStreams(world.bus.namespace).exportJobs.name)).state.messages;
}

describe('/export through the bus and the simulator', () => {
  it('defers the reply, then edits it with the export attached', async () => {
    const interaction = await runExport({ format: 'Json' });
    const response = await recorded(interaction, () => world.sim.world.interaction(interaction.id)?.response);
    expect(response?.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const original = await recorded(interaction, () => {
      const message: APIMessage = world.sim.world.originalResponse(interaction.application_id, interaction.token);
      return message.attachments.length > 0 ? message : undefined;
    });
    expect(Number(original.flags ?? 0) & MessageFlags.Loading).toBe(0);
    // The deferred reply is a message of the channel too, so the export holds it.
    const messages = world.sim.world.messageCount(channel.id);
    expect(messages).toBe(channel.messages + 1);
    expect(original.content).toContain(`Exported ${messages.toLocaleString('en-US')} messages`);
    const [file] = original.attachments;
    expect(file?.filename).toMatch(/\.json$/);
    const body = await (await fetch(file?.url ?? '')).text();
    const document = JSON.parse(body) as { messageCount: number; channel: { id: string } };
    expect(document).toMatchObject({ messageCount: messages, channel: { id: channel.id } });
  });

  it('shows progress while the job runs, then links a result too large to attach', async () => {
    await world.stopReplicas();
    await world.startReplica({ slow: 1_500, uploadLimitBytes: 1 });
    const interaction = await runExport({ format: 'PlainText' });
    const original = () => world.sim.world.originalResponse(interaction.application_id, interaction.token);
    const progress = await recorded(interaction, () =>
      /Exporting <#\d+>… \d+%/.test(original().content) ? original() : undefined,
    );
    expect(progress.attachments).toEqual([]);
    const linked = await recorded(interaction, () =>
      original().content.includes('too large to attach') ? original() : undefined,
    );
    expect(linked.attachments).toEqual([]);
    const url = /\((http:\/\/exports\.test[^)\s]+)\)/.exec(linked.content)?.[1] ?? '';
    const link = new URL(url);
    const download = await world.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    expect(download.statusCode).toBe(200);
    // Every message there was when it started, the deferred replies of this test and the first included.
    const messages = world.sim.world.messageCount(channel.id);
    expect(linked.content).toContain(`Exported ${messages} messages`);
    expect(download.body).toContain(`Exported ${messages} message(s)`);
  });

  it('answers a bad option with an ephemeral error and starts no job', async () => {
    const before = await queuedMessages();
    const interaction = await runExport({ format: 'Json', filter: 'from:alice (', after: 'not a date' });
    const response = await recorded(interaction, () => world.sim.world.interaction(interaction.id)?.response);
    expect(response?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const data = (response as { data?: { content?: string; flags?: number } }).data;
    expect(Number(data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(data?.content).toContain('`filter`');
    expect(data?.content).toContain('`after`');
    const { rows } = await world.pool.query('SELECT id FROM jobs WHERE requester->>$1 = $2', [
      'interactionId',
      interaction.id,
    ]);
    expect(rows).toEqual([]);
    expect(await queuedMessages()).toBe(before);
  });
});
