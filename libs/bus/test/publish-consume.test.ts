import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../src/index.js';
import { busFixture, waitFor } from './helpers.js';

describe('publish and consume', () => {
  const fixture = busFixture('bus_pubsub');
  afterEach(() => fixture.cleanup());

  it('drops a duplicate msg id inside the window, so the consumer sees the event once', async () => {
    const bus = await fixture.open();
    await bus.ensureStream(fixture.streams.discord);
    const subject = bus.subjects.dispatch('MESSAGE_CREATE', '42');

    const first = await bus.publish(subject, { n: 1 }, { msgId: 'MESSAGE_CREATE:1', headers: { 'X-Trace': 'a' } });
    const again = await bus.publish(subject, { n: 1 }, { msgId: 'MESSAGE_CREATE:1' });
    const other = await bus.publish(subject, { n: 2 }, { msgId: 'MESSAGE_CREATE:2' });
    expect(first).toMatchObject({ stream: fixture.streams.discord.name, duplicate: false });
    expect(again).toEqual({ stream: fixture.streams.discord.name, seq: first.seq, duplicate: true });
    expect(other.duplicate).toBe(false);

    const seen: Array<{ payload: unknown; delivery: Delivery }> = [];
    await bus.consume({
      stream: fixture.streams.discord.name,
      handler: (payload, delivery) => {
        seen.push({ payload, delivery });
      },
    });
    await waitFor('both events', () => seen.length >= 2);
    // Anything beyond two would come within a few pulls; give it the chance to show.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.map((s) => s.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(seen[0]?.delivery).toMatchObject({ subject, deliveryCount: 1, streamSequence: first.seq });
    expect(seen[0]?.delivery.headers['X-Trace']).toBe('a');
  });

  it('pipelines publishes within a window and reports duplicates and failures', async () => {
    const bus = await fixture.open();
    await bus.ensureStream(fixture.streams.discord);
    const pipeline = bus.pipeline({ window: 16 });
    let waits = 0;
    for (let i = 0; i < 500; i++) {
      if (!pipeline.publish(bus.subjects.dispatch('TYPING_START', 'g1'), { i }, { msgId: `typing:${i % 400}` })) {
        waits++;
        await pipeline.ready();
      }
    }
    expect(waits).toBeGreaterThan(0);
    // No stream captures this subject, so the server cannot store it.
    pipeline.publish('nowhere.nothing', { lost: true }, { msgId: 'x', timeoutMs: 500 });
    const result = await pipeline.flush();
    expect(result.acknowledged).toBe(500);
    expect(result.duplicates).toBe(100);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ subject: 'nowhere.nothing', msgId: 'x' });
    expect(result.failures[0]?.error.message).toContain('nowhere.nothing');
    expect(await pipeline.flush()).toEqual({ acknowledged: 0, duplicates: 0, failures: [] });
  });

  it('splits one durable between two replicas without processing a message twice', async () => {
    const publisher = await fixture.open('gateway');
    await publisher.ensureStream(fixture.streams.discord);
    const replicaA = await fixture.open('stats');
    const replicaB = await fixture.open('stats');
    const byReplica = { a: [] as number[], b: [] as number[] };
    const handlerFor = (list: number[]) => async (payload: unknown) => {
      list.push((payload as { i: number }).i);
      // Slow enough that one replica cannot drain the stream before the other pulls.
      await new Promise((resolve) => setTimeout(resolve, 2));
    };
    const options = { stream: fixture.streams.discord.name, batch: 10, concurrency: 4 };
    await replicaA.consume({ ...options, handler: handlerFor(byReplica.a) });
    await replicaB.consume({ ...options, handler: handlerFor(byReplica.b) });

    const pipeline = publisher.pipeline();
    const total = 400;
    for (let i = 0; i < total; i++) {
      if (!pipeline.publish(publisher.subjects.dispatch('MESSAGE_CREATE', 'g'), { i }, { msgId: `m${i}` })) {
        await pipeline.ready();
      }
    }
    expect((await pipeline.flush()).failures).toEqual([]);

    await waitFor('every message', () => byReplica.a.length + byReplica.b.length >= total);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const all = [...byReplica.a, ...byReplica.b];
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
    expect(byReplica.a.length).toBeGreaterThan(0);
    expect(byReplica.b.length).toBeGreaterThan(0);
  });
});
