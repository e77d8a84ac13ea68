import { envelopeSchema } from '@platform/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { NoResponderError, RemoteError, RequestTimeoutError } from '../src/index.js';
import { busFixture, sleep } from './helpers.js';

describe('request and reply', () => {
  const fixture = busFixture('bus_rpc');
  afterEach(() => fixture.cleanup());

  it('returns the decoded reply, and each request reaches one replica of the queue group', async () => {
    const [client, replicaA, replicaB] = [
      await fixture.open('gateway'),
      await fixture.open('stats'),
      await fixture.open('stats'),
    ];
    const subject = client.subjects.domain('stats', 'rpc', 'double');
    const calls = { a: 0, b: 0 };
    replicaA.reply(subject, (n: number) => {
      calls.a++;
      return { doubled: n * 2 };
    });
    replicaB.reply(subject, (n: number) => {
      calls.b++;
      return { doubled: n * 2 };
    });
    await Promise.all([replicaA.connection.flush(), replicaB.connection.flush()]);

    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.request<{ doubled: number }>(subject, i)),
    );
    expect(replies.map((r) => r.doubled)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(calls.a + calls.b).toBe(20);
  });

  it("brings the handler's error back to the requester as a RemoteError, not a timeout", async () => {
    const [client, server] = [await fixture.open('gateway'), await fixture.open('lending')];
    const subject = client.subjects.domain('lending', 'rpc', 'reserve');
    server.reply(subject, () => {
      throw new RangeError('equipment 17 is already lent\nuntil Friday');
    });
    await server.connection.flush();
    const error = await client.request(subject, { equipment: 17 }, { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({
      subject,
      remoteName: 'RangeError',
      remoteMessage: 'equipment 17 is already lent\nuntil Friday',
    });
  });

  it('rejects an invalid request with the validation message', async () => {
    const [client, server] = [await fixture.open('gateway'), await fixture.open('lending')];
    const subject = client.subjects.domain('lending', 'rpc', 'lookup');
    server.reply(subject, (event) => event.id, { schema: envelopeSchema });
    await server.connection.flush();
    const valid = { v: 1, id: 'e1', t: 'X', shard: 0, seq: 1, guildId: null, receivedAt: 1, d: {} };
    expect(await client.request(subject, valid)).toBe('e1');
    const error = await client.request(subject, { ...valid, seq: 'seven' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ remoteName: 'InvalidPayloadError' });
    expect((error as RemoteError).remoteMessage).toMatch(/seq: .*number/);
  });

  it('times out with RequestTimeoutError when the handler is too slow, and says when nobody listens', async () => {
    const [client, server] = [await fixture.open('gateway'), await fixture.open('insights')];
    const slow = client.subjects.domain('insights', 'rpc', 'digest');
    server.reply(slow, async () => {
      await sleep(1_000);
      return 'late';
    });
    await server.connection.flush();
    await expect(client.request(slow, {}, { timeoutMs: 200 })).rejects.toMatchObject({
      constructor: RequestTimeoutError,
      subject: slow,
      timeoutMs: 200,
    });
    const nobody = client.subjects.domain('insights', 'rpc', 'nobody');
    await expect(client.request(nobody, {}, { timeoutMs: 2_000 })).rejects.toBeInstanceOf(NoResponderError);
  });
});
