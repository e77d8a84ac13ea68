import type { Bus, BusConsumer } from '@platform/bus';
import { envelopeSchema, interactionSchema, platformStreams } from '@platform/contracts';
import type { APIInteraction } from 'discord-api-types/v10';

/** An interaction envelope whose payload has what routing and replies read (the rest is kept as received). */
const interactionEnvelope = envelopeSchema.extend({ d: interactionSchema });

/**
 * The durable pull consumer of `discord.interaction.stats.*`, shared by the replicas. A new consumer starts
 * at new messages: an interaction older than 3 seconds can no longer be answered.
 */
export function consumeInteractions(
  bus: Bus,
  handle: (interaction: APIInteraction) => Promise<void>,
  { concurrency = 16 }: { concurrency?: number } = {},
): Promise<BusConsumer> {
  return bus.consume({
    stream: platformStreams(bus.namespace).discord.name,
    name: 'interactions',
    filterSubject: bus.subjects.interactionFilter('stats'),
    deliverPolicy: 'new',
    schema: interactionEnvelope,
    batch: concurrency,
    concurrency,
    handler: (envelope) => handle(envelope.d as unknown as APIInteraction),
  });
}
