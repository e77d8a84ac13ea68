import { afterEach, describe, expect, it } from 'vitest';
import { busFixture, sleep, waitFor } from './helpers.js';

describe('stop()', () => {
  const fixture = busFixture('bus_stop');
  afterEach(() => fixture.cleanup());

  it('finishes and acks what was pulled, pulls nothing more, and leaves the rest to the next replica', async () => {
    const bus = await fixture.open('stats');
    await bus.ensureStream(fixture.streams.discord);
    const subject = bus.subjects.dispatch('MESSAGE_CREATE', 'g1');
    for (let i = 1; i <= 5; i++) await bus.publish(subject, { i }, { msgId: `m${i}` });

    const handled: number[] = [];
    let release: () => void = () => {};
    const consumer = await bus.consume({
      stream: fixture.streams.discord.name,
      batch: 2,
      concurrency: 1,
      handler: async (payload: { i: number }) => {
        handled.push(payload.i);
        if (payload.i === 1) await new Promise<void>((resolve) => (release = resolve));
      },
    });
    await waitFor('the slow handler to start', () => handled.length === 1);

    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    await sleep(200);
    expect(stopped).toBe(false);
    release();
    await stopping;

    // Message 2 came in the same batch as 1, so it was in hand; 3-5 were never pulled.
    expect(handled).toEqual([1, 2]);
    const info = await consumer.info();
    expect(info.ack_floor.stream_seq).toBe(2);
    expect(info.num_ack_pending).toBe(0);
    await sleep(200);
    expect(handled).toEqual([1, 2]);

    const next: Array<[number, number]> = [];
    await bus.consume({
      stream: fixture.streams.discord.name,
      handler: (payload: { i: number }, delivery) => {
        next.push([payload.i, delivery.deliveryCount]);
      },
    });
    await waitFor('the remaining messages', () => next.length === 3);
    expect(next).toEqual([
      [3, 1],
      [4, 1],
      [5, 1],
    ]);
  });
});
