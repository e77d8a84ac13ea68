import { createClient } from 'redis';
import { testEndpoints } from './endpoints.js';
import { uniqueName } from './unique-name.js';

export interface TestRedisPrefix {
  /** Ends with ':' so it can be put before any key. */
  prefix: string;
  /** Deletes every key under the prefix. */
  clear(): Promise<void>;
}

/** A Redis key prefix owned by one test run. */
export function createTestRedisPrefix(label = 'test', redisUrl = testEndpoints.redisUrl): TestRedisPrefix {
  const prefix = `${uniqueName(label)}:`;
  return {
    prefix,
    async clear() {
      const client = createClient({ url: redisUrl });
      await client.connect();
      try {
        const keys: string[] = [];
        for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
        if (keys.length > 0) await client.del(keys);
      } finally {
        client.destroy();
      }
    },
  };
}
