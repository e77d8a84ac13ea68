import type { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { PermanentError } from '../src/index.js';
import { busFixture, waitFor } from './helpers.js';

/** Sum of a metric's samples whose labels include `labels`; `sample` picks e.g. a histogram's `_count`. */
async function metricValue(registry: Registry, name: string, labels: Record<string, string>, sample = name) {
  const metric = await registry.getSingleMetric(name)?.get();
  const values: Array<{ value: number; labels: Record<string, unknown>; metricName?: string }> = metric?.values ?? [];
  return values
    .filter((v) => (v.metricName ?? name) === sample)
    .filter((v) => Object.entries(labels).every(([key, value]) => v.labels[key] === value))
    .reduce((sum, v) => sum + v.value, 0);
}

describe('metrics', () => {
  const fixture = busFixture('bus_metrics');
  afterAll(() => fixture.cleanup());

  it('counts publishes, deliveries, acks, naks, redeliveries and dead letters by stream and consumer', async () => {
    const { registry, streams } = fixture;
    const bus = await fixture.open('stats');
    // A second bus on the same registry must reuse the metrics, not register them again.
    const other = await fixture.open('stats');
    await bus.ensureStream(streams.discord);
    const stream = streams.discord.name;
    const subject = bus.subjects.dispatch('MESSAGE_CREATE', '123456789');

    await bus.publish(subject, { kind: 'flaky' }, { msgId: 'a' });
    await bus.publish(subject, { kind: 'flaky' }, { msgId: 'a' });
    await other.publish(subject, { kind: 'bad' }, { msgId: 'b' });
    await bus.publish('nowhere.at.all', {}, { timeoutMs: 500 }).catch(() => {});
    expect(
      await metricValue(registry, 'bus_published_total', { stream, subject_root: 'discord', duplicate: 'false' }),
    ).toBe(2);
    expect(await metricValue(registry, 'bus_published_total', { stream, duplicate: 'true' })).toBe(1);
    expect(await metricValue(registry, 'bus_publish_failures_total', { subject_root: 'nowhere' })).toBe(1);

    let inFlightSeen = 0;
    const consumer = await bus.consume({
      stream,
      backoffMs: [50],
      handler: async (payload: { kind: string }, delivery) => {
        inFlightSeen = Math.max(inFlightSeen, await metricValue(registry, 'bus_in_flight', { stream }));
        if (payload.kind === 'bad') throw new PermanentError('bad');
        if (delivery.deliveryCount === 1) throw new Error('try again');
      },
    });
    const labels = { stream, consumer: consumer.durable };
    await waitFor('the ack and the dead letter', async () => {
      const acked = await metricValue(registry, 'bus_acked_total', labels);
      const dead = await metricValue(registry, 'bus_dead_lettered_total', labels);
      return acked === 1 && dead === 1;
    });

    expect(await metricValue(registry, 'bus_consumed_total', labels)).toBe(3);
    expect(await metricValue(registry, 'bus_redelivered_total', labels)).toBe(1);
    expect(await metricValue(registry, 'bus_nacked_total', labels)).toBe(1);
    expect(await metricValue(registry, 'bus_dead_lettered_total', { ...labels, reason: 'permanent' })).toBe(1);
    expect(await metricValue(registry, 'bus_processing_seconds', labels, 'bus_processing_seconds_count')).toBe(3);
    expect(
      await metricValue(
        registry,
        'bus_processing_seconds',
        { ...labels, outcome: 'dead_letter' },
        'bus_processing_seconds_count',
      ),
    ).toBe(1);
    expect(inFlightSeen).toBe(1);
    expect(await metricValue(registry, 'bus_in_flight', labels)).toBe(0);
    expect(await metricValue(registry, 'bus_consumer_pending', labels)).toBe(0);
    // Subjects carry guild ids; no label may.
    expect(await registry.metrics()).not.toContain('123456789');
  });

  it('reports the backlog of a consumer from consumer info', async () => {
    const { registry, streams } = fixture;
    const bus = await fixture.open('export');
    await bus.ensureStream(streams.exportJobs);
    for (let i = 0; i < 5; i++) await bus.publish(bus.subjects.domain('export', 'jobs', 'requested'), { i });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const consumer = await bus.consume({
      stream: streams.exportJobs.name,
      batch: 1,
      concurrency: 1,
      pendingPollMs: 50,
      handler: () => gate,
    });
    const labels = { stream: streams.exportJobs.name, consumer: consumer.durable };
    try {
      // One message in the handler, one pulled behind it waiting for the slot, three in the stream.
      await waitFor(
        'the backlog gauge',
        async () => (await metricValue(registry, 'bus_consumer_pending', labels)) === 3,
      );
      await waitFor(
        'the ack-pending gauge',
        async () => (await metricValue(registry, 'bus_consumer_ack_pending', labels)) === 2,
      );
    } finally {
      release();
    }
    await waitFor(
      'the backlog to drain',
      async () => (await metricValue(registry, 'bus_consumer_pending', labels)) === 0,
    );
  });
});
