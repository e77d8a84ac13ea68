import { headers as natsHeaders } from '@nats-io/transport-node';
import { encodePayload, type MessageHeaders, toNatsHeaders } from './codec.js';
import type { BusContext } from './context.js';
import { PublishError } from './errors.js';
import type { PublishAck } from './jetstream-publisher.js';
import { subjectRoot } from './metrics.js';

export type { PublishAck } from './jetstream-publisher.js';

export interface PublishOptions {
  /**
   * Dedupe key sent as the JetStream message id: a second publish with the same id inside the
   * stream's duplicate window is dropped by the server and acknowledged as a duplicate.
   */
  msgId?: string;
  headers?: MessageHeaders;
  /** How long to wait for the server to store it; default 5 s. */
  timeoutMs?: number;
}

const MSG_ID_HEADER = 'Nats-Msg-Id';

/** Publishes to JetStream and waits until the server has stored it (or dropped it as a duplicate). */
export async function publish(
  ctx: BusContext,
  subject: string,
  payload: unknown,
  options: PublishOptions = {},
): Promise<PublishAck> {
  const root = subjectRoot(subject, ctx.namespace.name);
  try {
    const headers = toNatsHeaders(options.headers) ?? (options.msgId ? natsHeaders() : undefined);
    if (options.msgId) headers?.set(MSG_ID_HEADER, options.msgId);
    const ack = await ctx.publisher.publish(subject, encodePayload(payload), headers, options.timeoutMs ?? 5_000);
    ctx.metrics.published.inc({ stream: ack.stream, subject_root: root, duplicate: String(ack.duplicate) });
    return ack;
  } catch (error) {
    ctx.metrics.publishFailures.inc({ subject_root: root });
    throw new PublishError(subject, options.msgId, error);
  }
}
