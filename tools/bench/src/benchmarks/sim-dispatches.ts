import { setTimeout as sleep } from 'node:timers/promises';
import { createSimulator, type Simulator } from '@platform/discord-sim';

/** Guilds | GuildMessages | MessageContent: what a bot reading messages asks for. */
export const MESSAGE_INTENTS = (1 << 0) | (1 << 9) | (1 << 15);
const BATCH = 2_000;

/**
 * A simulator for a gateway benchmark, closed afterwards: the tiny scenario (one guild), limits off, no
 * live traffic (every dispatch is the benchmark's), no identify wait and a heartbeat a minute.
 */
export async function withSimulator<T>(run: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await createSimulator({
    scenario: 'tiny',
    limits: { enabled: false },
    traffic: { autostart: false },
    gateway: { identifyWindowMs: 0, heartbeatIntervalMs: 60_000, replayBufferSize: 10_000 },
  });
  try {
    return await run(sim);
  } finally {
    await sim.close();
  }
}

export function firstTextChannel(sim: Simulator): { guildId: string; channelId: string } {
  const guildId = sim.world.guildIds()[0] as string;
  const channel = sim.world.channels(guildId).find((c) => c.type === 0);
  if (!channel) throw new Error('the scenario has no text channel');
  return { guildId, channelId: channel.id };
}

/** The message {@link fanOut} sends copies of: the newest of the first text channel's history. */
export function sampleMessage(sim: Simulator) {
  const sample = sim.world.messages(firstTextChannel(sim).channelId, { limit: 1 })[0];
  if (!sample) throw new Error('the scenario has no message history');
  return sample;
}

export interface FanOutOptions {
  /** Dispatches to send; `Infinity` until `signal` aborts. */
  count: number;
  /** Dispatches per second, on average over the run; 0 for as fast as the gateway takes them. */
  rate?: number;
  /**
   * Number of the first message id. Ids are the dedupe ids of the stream, so runs sharing a stream
   * inside its duplicate window number their messages apart.
   */
  firstId?: number;
  signal?: AbortSignal;
}

/**
 * Copies of a history message with fresh ids, straight into the gateway's fan-out (it bypasses the
 * world, whose `createMessage` is bounded at about 43,000/s), yielding between batches. Paced, it
 * sends what is due every millisecond or so, catching up on timer lag. Resolves with the count sent.
 */
export async function fanOut(sim: Simulator, { count, rate = 0, firstId = 0, signal }: FanOutOptions): Promise<number> {
  const { guildId } = firstTextChannel(sim);
  const sample = sampleMessage(sim);
  const started = performance.now();
  let sent = 0;
  while (sent < count && !signal?.aborted) {
    const due = rate > 0 ? Math.floor(((performance.now() - started) * rate) / 1000) + 1 : sent + BATCH;
    for (const end = Math.min(count, due); sent < end; sent++)
      sim.gateway.emit({
        t: 'MESSAGE_CREATE',
        guildId,
        d: { ...sample, id: String(2n ** 60n + BigInt(firstId + sent)) },
      });
    await (rate > 0 ? sleep(1) : new Promise((resolve) => setImmediate(resolve)));
  }
  return sent;
}
