import { jetstream } from '@nats-io/jetstream';
import { envelopeSchema } from '@platform/contracts';
import { testEndpoints } from '@platform/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBus, PermanentError, readDeadLetter } from '../src/index.js';
import { busFixture, readStream, sleep, waitFor } from './helpers.js';

const envelope = (id: string) => ({
  v: 1,
  id,
  t: 'MESSAGE_CREATE',
  shard: 0,
  seq: 7,
  guildId: 'g1',
  receivedAt: 1_700_000_000_000,
  d: { id },
});

describe('dead letters', () => {
  const fixture = busFixture('bus_dlq');
  afterEach(() => fixture.cleanup());

  it('dead-letters after the last allowed delivery, with the reason, origin, original headers and body', async () => {
    const bus = await fixture.open('stats');
    await bus.ensureStream(fixture.streams.discord);
    const subject = bus.subjects.dispatch('MESSAGE_CREATE', 'g1');
    const attempts: number[] = [];
    const consumer = await bus.consume({
      stream: fixture.streams.discord.name,
      maxDeliver: 3,
      backoffMs: [50],
      handler: (_payload, delivery) => {
        attempts.push(delivery.deliveryCount);
        throw new Error('row violates check constraint\n"positive_count"');
      },
    });
    const body = { id: 'm1', content: 'héllo' };
    const { seq } = await bus.publish(subject, body, { msgId: 'MESSAGE_CREATE:m1', headers: { 'X-Trace': 't-1' } });

    await waitFor('the dead letter', async () => (await readStream(bus, fixture.streams.deadLetters.name)).length > 0);
    await sleep(300);
    expect(attempts).toEqual([1, 2, 3]);
    const letters = await readStream(bus, fixture.streams.deadLetters.name);
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    expect(letter?.subject).toBe(bus.subjects.deadLetter(fixture.streams.discord.name, consumer.durable));
    expect(new TextDecoder().decode(letter?.data)).toBe(JSON.stringify(body));
    expect(readDeadLetter(letter?.headers ?? {})).toEqual({
      reason: 'row violates check constraint "positive_count"',
      reasonClass: 'max_deliveries',
      subject,
      stream: fixture.streams.discord.name,
      sequence: seq,
      consumer: consumer.durable,
      deliveries: 3,
      originalHeaders: { 'X-Trace': 't-1', 'Nats-Msg-Id': 'MESSAGE_CREATE:m1' },
    });
  });

  it('dead-letters at once on a PermanentError, without retrying', async () => {
    const bus = await fixture.open('lending');
    await bus.ensureStream(fixture.streams.discord);
    let calls = 0;
    await bus.consume({
      stream: fixture.streams.discord.name,
      backoffMs: [50],
      handler: () => {
        calls++;
        throw new PermanentError('equipment 17 does not exist');
      },
    });
    await bus.publish(bus.subjects.dispatch('INTERACTION_CREATE', 'g1'), { id: 'i1' });
    await waitFor('the dead letter', async () => (await readStream(bus, fixture.streams.deadLetters.name)).length > 0);
    await sleep(300);
    expect(calls).toBe(1);
    const [letter] = await readStream(bus, fixture.streams.deadLetters.name);
    expect(readDeadLetter(letter?.headers ?? {})).toMatchObject({
      reason: 'equipment 17 does not exist',
      reasonClass: 'permanent',
      deliveries: 1,
    });
  });

  it('dead-letters a payload that fails the schema or is not JSON, and never calls the handler with it', async () => {
    const bus = await fixture.open('stats');
    await bus.ensureStream(fixture.streams.discord);
    const handled: string[] = [];
    await bus.consume({
      stream: fixture.streams.discord.name,
      schema: envelopeSchema,
      handler: (event) => {
        handled.push(event.id);
      },
    });
    const subject = bus.subjects.dispatch('MESSAGE_CREATE', 'g1');
    await bus.publish(subject, { ...envelope('bad'), id: '' });
    await bus.publish(subject, new TextEncoder().encode('{not json'));
    await bus.publish(subject, envelope('good'));

    await waitFor(
      'two dead letters',
      async () => (await readStream(bus, fixture.streams.deadLetters.name)).length >= 2,
    );
    await waitFor('the valid event', () => handled.length === 1);
    expect(handled).toEqual(['good']);
    const letters = (await readStream(bus, fixture.streams.deadLetters.name)).map((l) => readDeadLetter(l.headers));
    expect(letters.map((l) => [l.reasonClass, l.deliveries])).toEqual([
      ['invalid_payload', 1],
      ['invalid_payload', 1],
    ]);
    expect(letters[0]?.reason).toMatch(/^invalid payload on .*: id: /);
    expect(letters[1]?.reason).toMatch(/not JSON/);
  });

  it('dead-letters a message whose last delivery crashed the handler instead of letting the server drop it', async () => {
    const publisher = await fixture.open('gateway');
    await publisher.ensureStream(fixture.streams.discord);
    await publisher.publish(publisher.subjects.dispatch('MESSAGE_CREATE', 'g1'), { id: 'poison' });

    const crashing = await connectBus({
      url: testEndpoints.natsUrl,
      namespace: fixture.namespace.name,
      name: 'stats',
      registry: fixture.registry,
    });
    let started = false;
    await crashing.consume({
      stream: fixture.streams.discord.name,
      maxDeliver: 1,
      ackWaitMs: 1_000,
      handler: () => {
        started = true;
        return new Promise(() => {});
      },
    });
    await waitFor('the handler to start', () => started);
    await crashing.connection.close();

    const survivor = await fixture.open('stats');
    let survivorCalls = 0;
    await survivor.consume({
      stream: fixture.streams.discord.name,
      maxDeliver: 1,
      ackWaitMs: 1_000,
      handler: () => {
        survivorCalls++;
      },
    });
    await waitFor(
      'the dead letter',
      async () => (await readStream(survivor, fixture.streams.deadLetters.name)).length > 0,
    );
    const [letter] = await readStream(survivor, fixture.streams.deadLetters.name);
    expect(readDeadLetter(letter?.headers ?? {})).toMatchObject({ reasonClass: 'max_deliveries', deliveries: 2 });
    expect(survivorCalls).toBe(0);
  });
  it('dead-letters a message a service pulled itself as its consumers do, with its consumer and original headers', async () => {
    const bus = await fixture.open('export');
    await bus.ensureStream(fixture.streams.discord);
    await bus.ensureStream(fixture.streams.deadLetters);
    const durable = bus.namespace.resource('export_jobs');
    await bus.ensureConsumer({ stream: fixture.streams.discord.name, durable });
    const subject = bus.subjects.dispatch('MESSAGE_CREATE', 'g1');
    const { seq } = await bus.publish(subject, { id: 'j1' }, { msgId: 'job-1', headers: { 'X-Trace': 't-2' } });

    const consumer = await jetstream(bus.connection).consumers.get(fixture.streams.discord.name, durable);
    const msg = await consumer.next({ expires: 5_000 });
    if (!msg) throw new Error('the message was not delivered');
    await bus.deadLetter(msg, 'permanent', 'channel 42\nis not in guild 7');
    msg.term();

    const [letter, ...more] = await readStream(bus, fixture.streams.deadLetters.name);
    expect(more).toHaveLength(0);
    expect(letter?.subject).toBe(bus.subjects.deadLetter(fixture.streams.discord.name, durable));
    expect(letter?.json()).toEqual({ id: 'j1' });
    expect(readDeadLetter(letter?.headers ?? {})).toEqual({
      reason: 'channel 42 is not in guild 7',
      reasonClass: 'permanent',
      subject,
      stream: fixture.streams.discord.name,
      sequence: seq,
      consumer: durable,
      deliveries: 1,
      originalHeaders: { 'X-Trace': 't-2', 'Nats-Msg-Id': 'job-1' },
    });
  });
});
