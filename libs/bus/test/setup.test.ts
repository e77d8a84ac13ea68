import { afterEach, describe, expect, it } from 'vitest';
import { ConsumerSetupError, StreamSetupError } from '../src/index.js';
import { busFixture } from './helpers.js';

describe('stream and consumer setup', () => {
  const fixture = busFixture('bus_setup');
  afterEach(() => fixture.cleanup());

  it('creates a stream once, accepts the same spec again and from replicas at once, and updates a changed one', async () => {
    const [a, b] = [await fixture.open('stats'), await fixture.open('stats')];
    const spec = fixture.streams.discord;
    const created = await a.ensureStream(spec);
    expect(created.config).toMatchObject({ name: spec.name, subjects: spec.subjects, storage: 'file' });
    expect(created.config.duplicate_window).toBe(spec.duplicateWindowMs * 1_000_000);

    await a.ensureStream(spec);
    await Promise.all([a, b, a, b].map((bus) => bus.ensureStream(spec)));

    const changed = { ...spec, duplicateWindowMs: 30_000, description: 'shorter window' };
    await Promise.all([a.ensureStream(changed), b.ensureStream(changed)]);
    const updated = await a.ensureStream(changed);
    expect(updated.config).toMatchObject({ duplicate_window: 30_000_000_000, description: 'shorter window' });
  });

  it('creates streams concurrently from scratch without failing', async () => {
    const [a, b] = [await fixture.open('stats'), await fixture.open('export')];
    const specs = [fixture.streams.discord, fixture.streams.exportJobs, fixture.streams.captureJobs];
    const infos = await Promise.all([...specs, ...specs].map((spec, i) => (i % 2 ? a : b).ensureStream(spec)));
    expect(new Set(infos.map((info) => info.config.name))).toEqual(new Set(specs.map((s) => s.name)));
  });

  it('names the stream when a change cannot be made in place', async () => {
    const bus = await fixture.open('stats');
    await bus.ensureStream(fixture.streams.exportJobs);
    const error = await bus.ensureStream({ ...fixture.streams.exportJobs, storage: 'memory' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamSetupError);
    expect((error as StreamSetupError).stream).toBe(fixture.streams.exportJobs.name);
    expect((error as Error).message).toContain(fixture.streams.exportJobs.name);
  });

  it('creates a durable consumer idempotently, concurrently, and updates a changed one', async () => {
    const [a, b] = [await fixture.open('stats'), await fixture.open('stats')];
    await a.ensureStream(fixture.streams.discord);
    const spec = {
      stream: fixture.streams.discord.name,
      durable: `${fixture.namespace.name}_stats`,
      filterSubject: a.subjects.dispatchFilter('MESSAGE_CREATE'),
      ackWaitMs: 10_000,
      maxDeliver: 4,
    };
    const infos = await Promise.all([a, b, a, b].map((bus) => bus.ensureConsumer(spec)));
    for (const info of infos) {
      expect(info.config).toMatchObject({
        durable_name: spec.durable,
        ack_policy: 'explicit',
        ack_wait: 10_000_000_000,
        // One delivery more than the handler gets: the last one dead-letters a crashed attempt.
        max_deliver: 5,
        filter_subject: spec.filterSubject,
      });
    }
    const updated = await Promise.all([a, b].map((bus) => bus.ensureConsumer({ ...spec, ackWaitMs: 20_000 })));
    expect(updated.map((info) => info.config.ack_wait)).toEqual([20_000_000_000, 20_000_000_000]);
  });

  it('starts consumers of one durable from two replicas at once', async () => {
    const [a, b] = [await fixture.open('stats'), await fixture.open('stats')];
    await a.ensureStream(fixture.streams.discord);
    const options = { stream: fixture.streams.discord.name, handler: () => {} };
    const consumers = await Promise.all([a.consume(options), b.consume(options)]);
    expect(consumers.map((c) => c.durable)).toEqual([
      `${fixture.namespace.name}_stats`,
      `${fixture.namespace.name}_stats`,
    ]);
  });

  it('names the stream and consumer when the stream does not exist', async () => {
    const bus = await fixture.open('stats');
    const error = await bus.ensureConsumer({ stream: 'NO_SUCH_STREAM', durable: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsumerSetupError);
    expect(error).toMatchObject({ stream: 'NO_SUCH_STREAM', consumer: 'x' });
  });
});
