import { GatewayIntentBits as I } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { type GatewayFixture, postMessage, startGateway } from './gateway-fixture.js';
import { RawGatewayClient, type Received } from './raw-gateway-client.js';

const INTENTS = I.Guilds | I.GuildMessages | I.MessageContent;

let gw: GatewayFixture;
const clients: RawGatewayClient[] = [];

async function connect(url = gw.url): Promise<RawGatewayClient> {
  const client = await RawGatewayClient.connect(url);
  clients.push(client);
  await client.next(); // HELLO
  return client;
}

/** A client past READY and the GUILD_CREATEs, with its session id and last sequence number. */
async function identified(): Promise<{ client: RawGatewayClient; sessionId: string; seq: number }> {
  const client = await connect();
  const ready = await client.identify(gw.bot.token, INTENTS);
  const creates = await client.until((p) => p.t === 'GUILD_CREATE');
  return { client, sessionId: (ready.d as { session_id: string }).session_id, seq: creates.at(-1)?.s as number };
}

const guildId = () => gw.world.guildIds()[0] as string;

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await gw.close();
});

describe('RESUME', () => {
  it('replays what was missed after a dropped socket, in order, then RESUMED', async () => {
    gw = await startGateway();
    const { client, sessionId, seq } = await identified();
    gw.server.dropConnections();
    await client.closed;
    const missed = [postMessage(gw.world, guildId(), 'a'), postMessage(gw.world, guildId(), 'b')];
    missed.push(postMessage(gw.world, guildId(), 'c'));
    expect(gw.server.sessions()).toMatchObject([{ sessionId, connected: false, seq: seq + 3 }]);

    const again = await connect(gw.url);
    again.send({ op: 6, d: { token: gw.bot.token, session_id: sessionId, seq } });
    const replayed = await again.until((p) => p.t === 'RESUMED');
    expect(replayed.map((p) => [p.t, p.s])).toEqual([
      ['MESSAGE_CREATE', seq + 1],
      ['MESSAGE_CREATE', seq + 2],
      ['MESSAGE_CREATE', seq + 3],
      ['RESUMED', seq + 4],
    ]);
    expect(replayed.slice(0, 3).map((p) => (p.d as { id: string }).id)).toEqual(missed);
    expect(gw.server.resumeLog).toMatchObject([{ sessionId, seq, outcome: 'resumed', replayed: 3 }]);

    postMessage(gw.world, guildId(), 'after');
    expect(await again.next()).toMatchObject({ t: 'MESSAGE_CREATE', s: seq + 5 });
  });

  it('replays what a client had not processed when it closed with a code other than 1000', async () => {
    gw = await startGateway();
    const { client, sessionId, seq } = await identified();
    client.close(4200);
    await client.closed;
    const again = await connect();
    again.send({ op: 6, d: { token: gw.bot.token, session_id: sessionId, seq: seq - 1 } });
    const replayed = await again.until((p) => p.t === 'RESUMED');
    expect(replayed.map((p) => p.s)).toEqual([seq, seq + 1]);
  });

  it('answers INVALID_SESSION false to a session that ended with a client close 1000', async () => {
    gw = await startGateway();
    const { client, sessionId, seq } = await identified();
    client.close(1000);
    await client.closed;
    const again = await connect();
    again.send({ op: 6, d: { token: gw.bot.token, session_id: sessionId, seq } });
    expect(await again.next()).toMatchObject({ op: 9, d: false });
    expect(gw.server.resumeLog.at(-1)).toMatchObject({ outcome: 'unknown-session' });
  });

  it('answers INVALID_SESSION false when the replay buffer no longer holds what was missed', async () => {
    gw = await startGateway({ replayBufferSize: 4 });
    const { client, sessionId, seq } = await identified();
    client.terminate();
    await client.closed;
    for (let i = 0; i < 5; i++) postMessage(gw.world, guildId());
    const again = await connect();
    again.send({ op: 6, d: { token: gw.bot.token, session_id: sessionId, seq } });
    expect(await again.next()).toMatchObject({ op: 9, d: false });
    expect(gw.server.resumeLog.at(-1)).toMatchObject({ outcome: 'evicted' });
    expect(gw.server.sessions()).toEqual([]);
  });

  it('expires a session left without a connection for the resume window', async () => {
    gw = await startGateway({ sessionResumeWindowMs: 50 });
    const { client } = await identified();
    client.terminate();
    await client.closed;
    expect(gw.server.sessions()).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(gw.server.sessions()).toEqual([]);
  });

  it('moves a session resumed elsewhere, dropping the stale connection', async () => {
    gw = await startGateway();
    const { client, sessionId, seq } = await identified();
    const again = await connect();
    again.send({ op: 6, d: { token: gw.bot.token, session_id: sessionId, seq } });
    await again.until((p) => p.t === 'RESUMED');
    expect((await client.closed).code).toBe(1006);
    postMessage(gw.world, guildId());
    expect(await again.next()).toMatchObject({ t: 'MESSAGE_CREATE', s: seq + 2 });
    expect(gw.server.sessions()).toMatchObject([{ sessionId, connected: true }]);
  });
});

describe('faults', () => {
  it('RECONNECT: op 7, and the session stays resumable once the client leaves', async () => {
    gw = await startGateway();
    const { client, sessionId, seq } = await identified();
    expect(gw.server.forceReconnect()).toBe(1);
    expect(await client.next()).toMatchObject({ op: 7, d: null });
    client.close(4200);
    await client.closed;
    const again = await connect();
    again.send({ op: 6, d: { token: gw.bot.token, session_id: sessionId, seq } });
    expect((await again.until((p) => p.t === 'RESUMED')).at(-1)?.s).toBe(seq + 1);
  });

  it('INVALID_SESSION true: the client resumes on the same connection', async () => {
    gw = await startGateway();
    const { client, sessionId, seq } = await identified();
    expect(gw.server.invalidateSessions(true)).toBe(1);
    expect(await client.next()).toMatchObject({ op: 9, d: true });
    postMessage(gw.world, guildId(), 'while invalid');
    client.send({ op: 6, d: { token: gw.bot.token, session_id: sessionId, seq } });
    const replayed = await client.until((p) => p.t === 'RESUMED');
    expect(replayed.map((p) => [p.t, p.s])).toEqual([
      ['MESSAGE_CREATE', seq + 1],
      ['RESUMED', seq + 2],
    ]);
  });

  it('INVALID_SESSION false: the session is gone and the client identifies anew', async () => {
    gw = await startGateway();
    const { client, sessionId } = await identified();
    expect(gw.server.invalidateSessions(false)).toBe(1);
    expect(await client.next()).toMatchObject({ op: 9, d: false });
    expect(gw.server.sessions()).toEqual([]);
    const ready = await client.identify(gw.bot.token, INTENTS);
    expect((ready.d as { session_id: string }).session_id).not.toBe(sessionId);
    expect(ready.s).toBe(1);
  });

  it('applies faults only to the sessions a filter picks', async () => {
    gw = await startGateway();
    const first = await identified();
    const second = await identified();
    expect(gw.server.dropConnections({ sessionId: second.sessionId })).toBe(1);
    await second.client.closed;
    expect(gw.server.sessions().find((s) => s.sessionId === first.sessionId)?.connected).toBe(true);
    expect(gw.server.forceReconnect({ botId: 'nobody' })).toBe(0);
  });
});

describe('identify throttling', () => {
  /** Identifies many shards at once; returns, per shard, whether it got READY. */
  async function identifyAll(shardCount: number): Promise<Map<number, Received>> {
    const connections = await Promise.all(Array.from({ length: shardCount }, () => connect()));
    connections.forEach((client, shardId) => {
      client.send({
        op: 2,
        d: {
          token: gw.bot.token,
          intents: I.Guilds,
          properties: { os: 'l', browser: 'b', device: 'd' },
          shard: [shardId, shardCount],
        },
      });
    });
    const answers = new Map<number, Received>();
    await Promise.all(
      connections.map(async (client, shardId) => {
        const [answer] = await client.until((p) => p.t === 'READY' || p.op === 9);
        answers.set(shardId, answer as Received);
      }),
    );
    return answers;
  }

  it('admits one IDENTIFY per rate-limit key per 5 s, refusing the rest with INVALID_SESSION false', async () => {
    gw = await startGateway({ maxConcurrency: 2, identifyWindowMs: 5000 });
    const answers = await identifyAll(6);
    const ready = [...answers].filter(([, p]) => p.t === 'READY').map(([shard]) => shard % 2);
    expect(ready.sort()).toEqual([0, 1]);
    for (const [, answer] of answers) if (answer.t !== 'READY') expect(answer).toMatchObject({ op: 9, d: false });

    // Counted from the log: never more than max_concurrency admitted identifies within any 5 s window.
    const admitted = gw.server.identifyLog.filter((r) => r.outcome === 'ready');
    for (const record of admitted) {
      const inWindow = admitted.filter((r) => r.at >= record.at && r.at < record.at + 5000);
      expect(inWindow.length).toBeLessThanOrEqual(2);
    }
    expect(gw.server.identifyLog).toHaveLength(6);
  });

  it('admits the next IDENTIFY of a key once the window has passed', async () => {
    gw = await startGateway({ maxConcurrency: 1, identifyWindowMs: 200 });
    const first = await connect();
    await first.identify(gw.bot.token, I.Guilds);
    const second = await connect();
    second.send({
      op: 2,
      d: { token: gw.bot.token, intents: I.Guilds, properties: { os: 'l', browser: 'b', device: 'd' } },
    });
    expect(await second.next()).toMatchObject({ op: 9, d: false });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const ready = await second.identify(gw.bot.token, I.Guilds);
    expect(ready.t).toBe('READY');
    expect(gw.server.identifyLog.map((r) => r.outcome)).toEqual(['ready', 'throttled', 'ready']);
  });
});
