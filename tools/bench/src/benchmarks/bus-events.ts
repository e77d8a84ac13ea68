import { dedupeId, ENVELOPE_VERSION, type Envelope } from '@platform/contracts';

/** Milliseconds on a clock that threads of one process share (`performance.now()` is per thread). */
export function clockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A MESSAGE_CREATE payload as the bench sends it; `sentAt` ({@link clockMs}) measures latency. */
export interface BenchMessage {
  id: string;
  channel_id: string;
  guild_id: string;
  author: { id: string; username: string };
  content: string;
  timestamp: string;
  sentAt: number;
}

export type BenchEnvelope = Envelope<BenchMessage>;

/** Builds the `n`th event: a real envelope whose content pads it to about `payloadBytes` of JSON. */
export function envelopeFactory(payloadBytes: number, guilds: number) {
  // Snowflake-shaped ids: 19 digits, distinct per event, guild, channel and author.
  const snowflake = (kind: number, n: number) => `1${kind}${String(n).padStart(17, '0')}`;
  const build = (n: number, content: string, sentAt: number): BenchEnvelope => {
    const guildId = snowflake(0, n % guilds);
    const d: BenchMessage = {
      id: snowflake(1, n),
      channel_id: snowflake(2, n % 64),
      guild_id: guildId,
      author: { id: snowflake(3, n % 1000), username: 'bench-user' },
      content,
      timestamp: new Date().toISOString(),
      sentAt,
    };
    return {
      v: ENVELOPE_VERSION,
      id: dedupeId('MESSAGE_CREATE', d, null),
      t: 'MESSAGE_CREATE',
      shard: n % 4,
      seq: n,
      guildId,
      receivedAt: Math.floor(sentAt),
      d,
    };
  };
  const padding = 'x'.repeat(Math.max(0, payloadBytes - JSON.stringify(build(0, '', clockMs())).length));
  return (n: number, sentAt: number) => build(n, padding, sentAt);
}
