import { setTimeout as sleep } from 'node:timers/promises';
import { type Bus, connectBus } from '@platform/bus';
import {
  dedupeId,
  ENVELOPE_VERSION,
  type Envelope,
  type EventOrigin,
  guildIdOf,
  platformStreams,
  type RoutableInteraction,
  routeInteraction,
} from '@platform/contracts';
import type { Simulator } from '@platform/discord-sim';
import { createTestBusNamespace, type TestBusNamespace, testEndpoints } from '@platform/testkit';
import { type APIInteraction, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { expect } from 'vitest';

/** A bus in a namespace of the test's own, connected as the stats service, with the Discord stream. */
export async function testBus(label: string, logger: Logger): Promise<{ ns: TestBusNamespace; bus: Bus }> {
  const ns = createTestBusNamespace(label);
  const bus = await connectBus({
    url: testEndpoints.natsUrl,
    namespace: ns.name,
    name: 'stats',
    logger,
    registry: new Registry(),
  });
  await bus.ensureStream(platformStreams(bus.namespace).discord);
  return { ns, bus };
}

/** What tests read of an answer: its text, flags and embeds. */
export type Data = {
  content?: string;
  flags?: number;
  embeds?: { title?: string; description?: string; fields?: { value: string }[] }[];
};

type DataOption = { name: string; type: number; value?: unknown; options?: DataOption[] };

/**
 * The simulator's virtual users fill in about half of the optional options at random; keep only the
 * ones a test gave (as a client that sent just those), so answers do not depend on the draw.
 */
function onlyGiven(options: DataOption[] | undefined, given: Record<string, unknown>): DataOption[] | undefined {
  return options
    ?.filter((o) => o.options !== undefined || o.name in given)
    .map((o) => (o.options ? { ...o, options: onlyGiven(o.options, given) ?? [] } : o));
}

/** A virtual user runs a command in a channel of the simulator: the interaction the bot receives. */
export async function userRuns(
  sim: Simulator,
  channelId: string,
  userId: string,
  command: { name: string; options?: Record<string, string | number | boolean>; subcommand?: string },
): Promise<APIInteraction> {
  const { name, options = {}, subcommand } = command;
  const response = await fetch(`${sim.controlUrl}/users/${userId}/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'command', channel: channelId, name, options, ...(subcommand ? { subcommand } : {}) }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const interaction = (await response.json()) as APIInteraction & { data: { options?: DataOption[] } };
  interaction.data.options = onlyGiven(interaction.data.options, options);
  return interaction;
}

/** A dispatch onto the bus as gateway-ingest puts it: its envelope, dedupe id and routed subject. */
export async function publishDispatch(bus: Bus, t: string, d: unknown, origin: EventOrigin | null = null) {
  const envelope: Envelope = {
    v: ENVELOPE_VERSION,
    id: dedupeId(t, d, origin),
    t,
    shard: 0,
    seq: origin?.seq ?? null,
    guildId: guildIdOf(t, d),
    receivedAt: Date.now(),
    d,
  };
  const route = t === 'INTERACTION_CREATE' ? routeInteraction(d as RoutableInteraction) : null;
  const subject = route
    ? bus.subjects.interaction(route.service, route.kind)
    : bus.subjects.dispatch(t, envelope.guildId);
  await bus.publish(subject, envelope, { msgId: envelope.id });
}

/** The interaction's response as the world records it, with its original message once a deferral is completed. */
export async function answered(sim: Simulator, interaction: APIInteraction) {
  for (let i = 0; i < 200; i++) {
    const record = sim.world.interaction(interaction.id);
    if (record?.response) {
      if (record.response.type !== InteractionResponseType.DeferredChannelMessageWithSource) return record.response;
      const original = sim.world.originalResponse(interaction.application_id, interaction.token);
      if ((Number(original.flags ?? 0) & MessageFlags.Loading) === 0) return { ...record.response, original };
    }
    await sleep(50);
  }
  throw new Error(`interaction ${interaction.id} was not answered`);
}
