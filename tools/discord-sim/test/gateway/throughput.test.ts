import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { GatewayIntentBits as I } from 'discord-api-types/v10';
import { afterEach, expect, it } from 'vitest';
import type { LoadJob } from '../../src/load/index.js';
import { type GatewayFixture, postMessage, startGateway } from './gateway-fixture.js';

const CLIENT = fileURLToPath(new URL('./throughput-client.ts', import.meta.url));
const INTENTS = I.Guilds | I.GuildMessages | I.MessageContent;
const BATCH = 2000;

interface Measurement {
  count: number;
  ms: number;
  perSecond: number;
  bytes: number;
}

let gw: GatewayFixture | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  child?.kill();
  await gw?.close();
});

/**
 * Starts the counting client in its own process; resolves `ready` once its session is up and `done` with
 * what it measured.
 */
function startClient(url: string, token: string, count: number, zlib: boolean) {
  const job: LoadJob = { kind: 'dispatches', url, token, intents: INTENTS, expected: count, zlib };
  const spawned = spawn(process.execPath, ['--import', 'tsx', CLIENT, JSON.stringify(job)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = spawned;
  const lines = createInterface({ input: spawned.stdout });
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  const done = new Promise<Measurement>((resolve, reject) => {
    spawned.once('close', (code) => reject(new Error(`client exited with ${code} before reporting`)));
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { ready?: boolean } & Measurement;
      if (message.ready) onReady();
      else resolve(message);
    });
  });
  return { ready, done };
}

/** Sends `count` MESSAGE_CREATEs shaped like the world's through the gateway's fan-out, yielding between batches. */
async function emitMessages(fixture: GatewayFixture, count: number): Promise<void> {
  const guildId = fixture.world.guildIds()[0] as string;
  const channelId = fixture.world.channels(guildId).find((c) => c.type === 0)?.id as string;
  const sample = fixture.world.messages(channelId, { limit: 1 })[0];
  for (let sent = 0; sent < count; ) {
    for (const end = Math.min(count, sent + BATCH); sent < end; sent++) {
      fixture.server.emit({
        t: 'MESSAGE_CREATE',
        guildId,
        d: { ...sample, id: String(1_000_000_000_000_000_000n + BigInt(sent)) },
      });
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Creates `count` messages through the world, which records ground truth and builds each message. */
async function createMessages(fixture: GatewayFixture, count: number): Promise<void> {
  const guildId = fixture.world.guildIds()[0] as string;
  for (let sent = 0; sent < count; ) {
    for (const end = Math.min(count, sent + BATCH); sent < end; sent++)
      postMessage(fixture.world, guildId, `message ${sent}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const results: Record<string, Measurement> = {};

it.each([
  ['fan-out, plain JSON', 200_000, false, emitMessages],
  ['fan-out, zlib-stream', 200_000, true, emitMessages],
  ['world.createMessage, plain JSON', 50_000, false, createMessages],
] as const)(
  'throughput (measured, not asserted): %s',
  async (name, count, zlib, produce) => {
    gw = await startGateway({ replayBufferSize: 10_000, heartbeatIntervalMs: 60_000 });
    const client = startClient(gw.url, gw.bot.token, count, zlib);
    await client.ready;
    await produce(gw, count);
    const measured = await client.done;
    results[name] = measured;
    console.log(
      `${name}: ${measured.count} dispatches in ${measured.ms.toFixed(0)} ms = ${measured.perSecond}/s, ` +
        `${(measured.bytes / measured.count).toFixed(0)} bytes per dispatch on the wire`,
    );
    expect(measured.count).toBe(count);
  },
  60_000,
);
