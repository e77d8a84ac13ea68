import type { JsMsg } from '@nats-io/jetstream';
import { type Bus, DEAD_LETTER_HEADERS } from '@platform/bus';

/**
 * Sends a job given up on to `deadletter.<stream>.<consumer>` with the bus's dead-letter headers, so
 * `readDeadLetter` and the operators' tools read it as any other. The worker pulls jobs itself (see
 * job-worker.ts), so it cannot leave this to the bus's consumer.
 */
export async function deadLetterJob(
  bus: Bus,
  msg: JsMsg,
  reason: string,
  reasonClass: 'permanent' | 'invalid_payload',
) {
  const { stream, streamSequence, consumer, deliveryCount } = msg.info;
  const flat = reason.replace(/\s+/g, ' ').trim();
  await bus.publish(bus.subjects.deadLetter(stream, consumer), msg.data, {
    headers: {
      [DEAD_LETTER_HEADERS.reason]: flat.length > 1000 ? `${flat.slice(0, 999)}…` : flat,
      [DEAD_LETTER_HEADERS.reasonClass]: reasonClass,
      [DEAD_LETTER_HEADERS.subject]: msg.subject,
      [DEAD_LETTER_HEADERS.stream]: stream,
      [DEAD_LETTER_HEADERS.sequence]: String(streamSequence),
      [DEAD_LETTER_HEADERS.consumer]: consumer,
      [DEAD_LETTER_HEADERS.deliveries]: String(deliveryCount),
    },
    msgId: `${stream}:${streamSequence}:${consumer}`,
  });
}
