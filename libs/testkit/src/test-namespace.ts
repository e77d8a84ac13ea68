import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { testEndpoints } from './endpoints.js';
import { uniqueName } from './unique-name.js';

export interface TestBusNamespace {
  /** Use as the bus namespace: prefixes subjects, streams, consumers and KV buckets. */
  name: string;
  /** Deletes every stream (KV buckets included) whose name starts with the namespace. */
  clear(): Promise<void>;
}

/** A bus namespace owned by one test run. */
export function createTestBusNamespace(label = 'test', natsUrl = testEndpoints.natsUrl): TestBusNamespace {
  const name = uniqueName(label);
  return {
    name,
    async clear() {
      const nc = await connect({ servers: natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        for await (const stream of jsm.streams.list()) {
          const streamName = stream.config.name;
          if (streamName.startsWith(`${name}_`) || streamName.startsWith(`KV_${name}_`)) {
            await jsm.streams.delete(streamName);
          }
        }
      } finally {
        await nc.close();
      }
    },
  };
}
