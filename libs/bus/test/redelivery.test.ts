import { testEndpoints } from '@platform/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBus } from '../src/index.js';
import { busFixture, sleep, waitFor } from './helpers.js';

describe('redelivery', () => {
  const fixture = busFixture('bus_redeliver');
  afterEach(() => fixture.cleanup());

  it('redelivers a message whose consumer died before acking, to another replica', async () => {
    const publisher = await fixture.open('gateway');
    await publisher.ensureStream(fixture.streams.discord);
    await publisher.publish(publisher.subjects.dispatch('MESSAGE_CREATE', 'g'), { id: 'crash-me' }, { msgId: 'c1' });

    // A replica of its own, so its connection can be cut under a handler that never returns.
    const doomed = await connectBus({
      url: testEndpoints.natsUrl,
      namespace: fixture.namespace.name,
      name: 'stats',
      registry: fixture.registry,
    });
    let release: () => void = () => {};
    const firstDeliveries: number[] = [];
    await doomed.consume({
      stream: fixture.streams.discord.name,
      ackWaitMs: 1_000,
      handler: (_payload, delivery) => {
        firstDeliveries.push(delivery.deliveryCount);
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    await waitFor('the first delivery', () => firstDeliveries.length === 1);
    await doomed.connection.close();
    release();

    const survivor = await fixture.open('stats');
    const laterDeliveries: Array<{ payload: unknown; deliveryCount: number }> = [];
    await survivor.consume({
      stream: fixture.streams.discord.name,
      ackWaitMs: 1_000,
      handler: (payload, delivery) => {
        laterDeliveries.push({ payload, deliveryCount: delivery.deliveryCount });
      },
    });
    await waitFor('the redelivery', () => laterDeliveries.length === 1);
    expect(firstDeliveries).toEqual([1]);
    expect(laterDeliveries).toEqual([{ payload: { id: 'crash-me' }, deliveryCount: 2 }]);
  });

  it('naks a failed message with the configured backoff and acks it once the handler succeeds', async () => {
    const bus = await fixture.open('stats');
    await bus.ensureStream(fixture.streams.discord);
    const attempts: Array<{ deliveryCount: number; at: number }> = [];
    await bus.consume({
      stream: fixture.streams.discord.name,
      backoffMs: [150, 300],
      handler: (_payload, delivery) => {
        attempts.push({ deliveryCount: delivery.deliveryCount, at: performance.now() });
        if (delivery.deliveryCount < 3) throw new Error('database unavailable');
      },
    });
    await bus.publish(bus.subjects.dispatch('MESSAGE_CREATE', 'g'), { id: 1 }, { msgId: 'flaky' });

    await waitFor('the third attempt', () => attempts.length === 3);
    await sleep(400);
    expect(attempts.map((a) => a.deliveryCount)).toEqual([1, 2, 3]);
    const [first, second, third] = attempts.map((a) => a.at) as [number, number, number];
    // The server holds a nak'd message back at least the delay it was given.
    expect(second - first).toBeGreaterThanOrEqual(140);
    expect(third - second).toBeGreaterThanOrEqual(290);
  });

  it('lets a long handler keep its message past the ack wait by calling working()', async () => {
    const bus = await fixture.open('export');
    await bus.ensureStream(fixture.streams.exportJobs);
    const deliveries: number[] = [];
    let finished = false;
    await bus.consume({
      stream: fixture.streams.exportJobs.name,
      ackWaitMs: 1_000,
      handler: async (_payload, delivery) => {
        deliveries.push(delivery.deliveryCount);
        for (let i = 0; i < 8; i++) {
          await sleep(300);
          delivery.working();
        }
        finished = true;
      },
    });
    await bus.publish(bus.subjects.domain('export', 'jobs', 'requested'), { job: 1 }, { msgId: 'job-1' });
    await waitFor('the long handler', () => finished);
    expect(deliveries).toEqual([1]);
  });
});
