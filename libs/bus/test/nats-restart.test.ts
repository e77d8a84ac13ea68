import { busNamespace, platformStreams } from '@platform/contracts';
import { createTestBusNamespace, type DisposableNatsServer, startNatsServer } from '@platform/testkit';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bus, connectBus } from '../src/index.js';
import { sleep, waitFor } from './helpers.js';

/** Publishes `i` until the server acknowledges it; the msg id makes a retry of a stored publish a no-op. */
async function publishUntilAcked(bus: Bus, subject: string, i: number): Promise<void> {
  for (;;) {
    try {
      await bus.publish(subject, { i }, { msgId: `e${i}`, timeoutMs: 1_000 });
      return;
    } catch {
      await sleep(100);
    }
  }
}

describe.each([
  { hard: false, how: 'a clean shutdown' },
  { hard: true, how: 'SIGKILL' },
])('NATS restart ($how) mid-stream', ({ hard }) => {
  let server: DisposableNatsServer | undefined;
  const buses: Bus[] = [];
  afterEach(async () => {
    await Promise.allSettled(buses.splice(0).map((bus) => bus.close()));
    await server?.dispose();
  });

  it('loses no message the server acknowledged', async () => {
    server = await startNatsServer();
    const namespace = createTestBusNamespace('bus_restart', server.url);
    const streams = platformStreams(busNamespace(namespace.name));
    const open = async (name: string) => {
      const bus = await connectBus({
        url: server?.url ?? '',
        namespace: namespace.name,
        name,
        registry: new Registry(),
        reconnectWaitMs: 100,
      });
      buses.push(bus);
      return bus;
    };
    const publisher = await open('gateway');
    const consumerBus = await open('stats');
    await publisher.ensureStream(streams.discord);
    const subject = publisher.subjects.dispatch('MESSAGE_CREATE', 'g1');

    const acked = new Set<number>();
    const consumed = new Set<number>();
    let deliveries = 0;
    await consumerBus.consume({
      stream: streams.discord.name,
      batch: 20,
      concurrency: 4,
      ackWaitMs: 2_000,
      handler: async (payload: { i: number }) => {
        deliveries++;
        consumed.add(payload.i);
        await sleep(5);
      },
    });

    const pipeline = publisher.pipeline({ window: 64 });
    for (let i = 0; i < 300; i++) if (!pipeline.publish(subject, { i }, { msgId: `e${i}` })) await pipeline.ready();
    const first = await pipeline.flush();
    expect(first.failures).toEqual([]);
    for (let i = 0; i < 300; i++) acked.add(i);

    await waitFor('part of the stream to be consumed', () => consumed.size >= 100);
    expect(consumed.size).toBeLessThan(300);
    await server.stop({ hard });

    // Publishes while NATS is down fail or stay unconfirmed: they make no promise.
    const unconfirmed = Array.from({ length: 20 }, (_, k) =>
      publisher.publish(subject, { i: 300 + k }, { msgId: `e${300 + k}`, timeoutMs: 300 }).catch(() => null),
    );
    await sleep(300);
    await server.start();
    for (const [k, result] of (await Promise.all(unconfirmed)).entries()) if (result) acked.add(300 + k);

    for (let i = 320; i < 420; i++) {
      await publishUntilAcked(publisher, subject, i);
      acked.add(i);
    }

    await waitFor('every acknowledged message to be consumed', () => [...acked].every((i) => consumed.has(i)), 25_000);
    expect([...acked].filter((i) => !consumed.has(i))).toEqual([]);
    // At least once: a message whose ack the restart swallowed comes again, so deliveries can exceed messages.
    expect(deliveries).toBeGreaterThanOrEqual(acked.size);
  });
});
