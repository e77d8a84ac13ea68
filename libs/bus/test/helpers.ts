import { jetstreamManager } from '@nats-io/jetstream';
import { busNamespace, platformStreams } from '@platform/contracts';
import { createTestBusNamespace, testEndpoints } from '@platform/testkit';
import { Registry } from 'prom-client';
import { type Bus, connectBus, type MessageHeaders } from '../src/index.js';

/**
 * A namespace of the test's own, the platform streams in it, and the buses opened on it.
 * `cleanup()` (after each test) deletes the namespace's streams and moves to a fresh one, so no
 * test meets a stream or consumer name that the previous one just deleted.
 */
export function busFixture(label: string) {
  let namespace = createTestBusNamespace(label);
  let streams = platformStreams(busNamespace(namespace.name));
  const registry = new Registry();
  let buses: Bus[] = [];
  return {
    get namespace() {
      return namespace;
    },
    get streams() {
      return streams;
    },
    registry,
    /** A bus named `name` (the service), on the shared NATS unless `url` says otherwise. */
    async open(name = 'svc', url = testEndpoints.natsUrl): Promise<Bus> {
      const bus = await connectBus({ url, namespace: namespace.name, name, registry, reconnectWaitMs: 250 });
      buses.push(bus);
      return bus;
    },
    async cleanup(): Promise<void> {
      await Promise.allSettled(buses.map((bus) => bus.close()));
      buses = [];
      await namespace.clear();
      namespace = createTestBusNamespace(label);
      streams = platformStreams(busNamespace(namespace.name));
    },
  };
}

/** Polls until `check` returns true; throws with `what` after `timeoutMs` (a safety limit, not a speed assertion). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface StoredMessage {
  subject: string;
  headers: MessageHeaders;
  data: Uint8Array;
  json(): unknown;
}

/** Every message a stream holds, read by sequence without a consumer. */
export async function readStream(bus: Bus, stream: string): Promise<StoredMessage[]> {
  const jsm = await jetstreamManager(bus.connection);
  const info = await jsm.streams.info(stream);
  const messages: StoredMessage[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const stored = await jsm.streams.getMessage(stream, { seq });
    if (!stored) continue;
    const headers: Record<string, string> = {};
    for (const key of stored.header?.keys() ?? []) headers[key] = stored.header.get(key);
    messages.push({ subject: stored.subject, headers, data: stored.data, json: () => stored.json() });
  }
  return messages;
}
