import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { BusNamespace, Subjects } from '@platform/contracts';
import type { Logger } from 'pino';
import type { JetStreamPublisher } from './jetstream-publisher.js';
import type { BusMetrics } from './metrics.js';

/** What every part of the bus needs from its connection; built once by `connectBus`. */
export interface BusContext {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  namespace: BusNamespace;
  subjects: Subjects;
  /** The service's name: durable consumer names, queue groups and the connection name. */
  service: string;
  logger: Logger;
  metrics: BusMetrics;
  publisher: JetStreamPublisher;
  /** Creates the namespace's dead-letter stream once; consumers await it before they start. */
  ensureDeadLetterStream(): Promise<void>;
}
