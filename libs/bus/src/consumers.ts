import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { ConsumerSetupError } from './errors.js';

/** A durable pull consumer; every replica of a service that declares the same one shares its work. */
export interface ConsumerSpec {
  /** Stream name, e.g. `platformStreams(ns).discord.name`. */
  stream: string;
  /** Durable name, already namespaced (the bus does it from the service name). */
  durable: string;
  /** One subject filter (nats-server 2.9 accepts only one); the whole stream when omitted. */
  filterSubject?: string;
  /** How long a delivered message may stay unacknowledged before redelivery; default 30 s. */
  ackWaitMs?: number;
  /**
   * Attempts the handler gets before the message is dead-lettered; default 5. The server is
   * allowed one delivery more, so a message whose handler crashed on its last attempt still
   * reaches the dead-letter stream instead of being dropped by the server.
   */
  maxDeliver?: number;
  /** Messages delivered and not yet acknowledged, across all replicas; default 1000. */
  maxAckPending?: number;
  /** Where a new consumer starts; default every message the stream holds. */
  deliverPolicy?: 'all' | 'new';
}

/** JetStream's error code for a create that met an existing consumer of another configuration (2.10+). */
const CONSUMER_EXISTS = 10148;

export const DEFAULT_ACK_WAIT_MS = 30_000;
export const DEFAULT_MAX_DELIVER = 5;

export function consumerConfig(spec: ConsumerSpec): Partial<ConsumerConfig> {
  return {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(spec.ackWaitMs ?? DEFAULT_ACK_WAIT_MS),
    max_deliver: (spec.maxDeliver ?? DEFAULT_MAX_DELIVER) + 1,
    max_ack_pending: spec.maxAckPending ?? 1000,
    deliver_policy: spec.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
    ...(spec.filterSubject ? { filter_subject: spec.filterSubject } : {}),
  };
}

function differs(current: ConsumerConfig, wanted: Partial<ConsumerConfig>): boolean {
  return Object.entries(wanted).some(([key, value]) => current[key as keyof ConsumerConfig] !== value);
}

/**
 * Creates the durable consumer, or updates it when its configuration differs. Safe to run at
 * every start and from many replicas at once: a create that races another create of the same
 * configuration is accepted by the server, and a losing create falls back to an update.
 */
export async function ensureConsumer(jsm: JetStreamManager, spec: ConsumerSpec): Promise<ConsumerInfo> {
  const wanted = consumerConfig(spec);
  try {
    const current = await jsm.consumers.info(spec.stream, spec.durable).catch((error: unknown) => {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound) return null;
      throw error;
    });
    if (!current) {
      try {
        return await jsm.consumers.add(spec.stream, wanted);
      } catch (error) {
        // Another replica created it first with other settings; bring it to ours below.
        if (!(error instanceof JetStreamApiError && error.code === CONSUMER_EXISTS)) throw error;
      }
    } else if (!differs(current.config, wanted)) {
      return current;
    }
    return await jsm.consumers.update(spec.stream, spec.durable, wanted);
  } catch (error) {
    throw new ConsumerSetupError(spec.stream, spec.durable, error);
  }
}
