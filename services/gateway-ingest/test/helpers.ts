import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Envelope } from '@platform/contracts';
import { createSimulator, type ScenarioInput, type Simulator, shardForGuild } from '@platform/discord-sim';
import { pino } from 'pino';

export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

const guild = (i: number) => ({ name: `Guild ${i}`, members: 10, channels: [{ name: 'general' }] });
export const scenario: ScenarioInput = { seed: 5, users: 80, guilds: [guild(0), ...[1, 2, 3, 4, 5].map(guild)] };

export const IDENTIFY_WINDOW_MS = 1000;

export function startSim(maxConcurrency = 1): Promise<Simulator> {
  return createSimulator({
    scenario,
    limits: { enabled: false },
    traffic: { autostart: false },
    gateway: { heartbeatIntervalMs: 1000, maxConcurrency, identifyWindowMs: IDENTIFY_WINDOW_MS },
  });
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export interface Created {
  id: string;
  shard: number;
}

/** Posts one message in each guild's first text channel; returns what the world created. */
export function postRound(sim: Simulator, shardCount: number, created: Created[]): void {
  for (const guildId of sim.world.guildIds()) {
    const channel = sim.world.channels(guildId).find((c) => c.type === 0);
    const author = sim.world.members(guildId, { limit: 1 })[0]?.user;
    if (!channel || !author) throw new Error('guild without a text channel or member');
    const message = sim.world.createMessage(channel.id, author.id, { content: `m${created.length}` });
    created.push({ id: message.id, shard: shardForGuild(guildId, shardCount) });
  }
}

export interface Stored {
  subject: string;
  envelope: Envelope;
}

/** Every message of the stream, in stream order (an ordered consumer: fast enough for 200,000 messages). */
export async function readStream(nc: NatsConnection, stream: string): Promise<Stored[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const out: Stored[] = [];
  if (info.state.messages === 0) return out;
  const consumer = await jetstream(nc).consumers.get(stream);
  const messages = await consumer.consume({ max_messages: 10_000 });
  for await (const message of messages) {
    out.push({ subject: message.subject, envelope: message.json<Envelope>() });
    if (message.seq >= info.state.last_seq) break;
  }
  await messages.close();
  return out;
}

/** The MESSAGE_CREATE ids on the stream. */
export const messageIds = (stored: Stored[]) =>
  stored.filter((s) => s.envelope.t === 'MESSAGE_CREATE').map((s) => (s.envelope.d as { id: string }).id);

/**
 * Checks the stream against the world: every created message exactly once, in creation order per
 * shard, and each shard's dispatches in strictly increasing sequence (none twice, none reordered).
 */
export function checkAgainstTruth(stored: Stored[], created: Created[], shardCount: number): string[] {
  const problems: string[] = [];
  const ids = messageIds(stored);
  if (new Set(ids).size !== ids.length) problems.push('a message is on the stream twice');
  for (let shard = 0; shard < shardCount; shard++) {
    const expected = created.filter((c) => c.shard === shard).map((c) => c.id);
    const actual = stored
      .filter((s) => s.envelope.t === 'MESSAGE_CREATE' && s.envelope.shard === shard)
      .map((s) => (s.envelope.d as { id: string }).id);
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      problems.push(`shard ${shard}: expected ${expected.length} messages in order, got ${actual.length}`);
    const seqs = stored
      .filter((s) => s.envelope.shard === shard && s.envelope.seq !== null)
      .map((s) => s.envelope.seq as number);
    for (let i = 1; i < seqs.length; i++) {
      if ((seqs[i] as number) <= (seqs[i - 1] as number)) {
        problems.push(`shard ${shard}: seq ${seqs[i]} after ${seqs[i - 1]}`);
        break;
      }
    }
  }
  return problems;
}
