import { envelopeSchema, interactionSchema, platformStreams, type ServiceName } from '@platform/contracts';
import type { Bus } from './connect.js';
import type { BusConsumer } from './pull-consumer.js';

/** An interaction envelope whose payload has what routing and replies read (the rest is kept as received). */
const interactionEnvelope = envelopeSchema.extend({ d: interactionSchema });

/**
 * The durable pull consumer of `discord.interaction.<service>.*`, shared by the service's replicas. A new
 * consumer starts at new messages: an interaction older than 3 seconds can no longer be answered. Only what
 * routing and replies read is checked; `T` is the caller's type of the whole (discord-api-types'
 * `APIInteraction`).
 */
export function consumeInteractions<T>(
  bus: Bus,
  service: ServiceName,
  handle: (interaction: T) => Promise<void>,
  { concurrency = 8 }: { concurrency?: number } = {},
): Promise<BusConsumer> {
  return bus.consume({
    stream: platformStreams(bus.namespace).discord.name,
    name: 'interactions',
    filterSubject: bus.subjects.interactionFilter(service),
    deliverPolicy: 'new',
    schema: interactionEnvelope,
    batch: concurrency,
    concurrency,
    handler: (envelope) => handle(envelope.d as unknown as T),
  });
}
