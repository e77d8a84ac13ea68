import { z } from 'zod';

/** Version of the envelope layout; bumped only for incompatible changes. */
export const ENVELOPE_VERSION = 1;

/**
 * Every gateway event on the bus. `d` is Discord's payload exactly as received;
 * `id` is the JetStream message id, so a replay inside the duplicate window is dropped.
 */
export interface Envelope<D = unknown> {
  v: typeof ENVELOPE_VERSION;
  /** Stable dedupe key, see {@link dedupeId}. */
  id: string;
  /** Dispatch event name, e.g. `MESSAGE_CREATE`. */
  t: string;
  /** Shard that received it; null for interactions received over HTTP. */
  shard: number | null;
  /** Gateway sequence number; null where there is none. */
  seq: number | null;
  guildId: string | null;
  /** When gateway-ingest received it, epoch milliseconds. */
  receivedAt: number;
  d: D;
}

export const envelopeSchema = z.object({
  v: z.literal(ENVELOPE_VERSION),
  id: z.string().min(1),
  t: z.string().min(1),
  shard: z.number().int().nonnegative().nullable(),
  seq: z.number().int().nonnegative().nullable(),
  guildId: z.string().nullable(),
  receivedAt: z.number().int().nonnegative(),
  d: z.unknown(),
});

/** Where an event came from, for the dedupe key of events that carry no stable id of their own. */
export interface EventOrigin {
  sessionId: string;
  seq: number;
}

type Payload = Record<string, unknown> | null | undefined;

function field(d: Payload, key: string): string | undefined {
  const value = d?.[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function nestedUserId(d: Payload): string | undefined {
  const user = d?.user;
  return user && typeof user === 'object' ? field(user as Payload, 'id') : undefined;
}

/**
 * The stable dedupe key of a dispatch. Events with an identity of their own (a message, an
 * interaction, a member's join) are keyed by it, so the same event seen by two connections or
 * replayed after a resume is one event; all others by gateway session and sequence, which a
 * RESUME replays unchanged.
 */
export function dedupeId(t: string, d: unknown, origin: EventOrigin | null): string {
  const p = d as Payload;
  const id = field(p, 'id');
  switch (t) {
    case 'MESSAGE_CREATE':
    case 'MESSAGE_DELETE':
    case 'INTERACTION_CREATE':
      if (id) return `${t}:${id}`;
      break;
    case 'MESSAGE_UPDATE': {
      const edited = field(p, 'edited_timestamp');
      if (id && edited) return `${t}:${id}:${edited}`;
      break;
    }
    case 'GUILD_MEMBER_ADD': {
      const guild = field(p, 'guild_id');
      const user = nestedUserId(p);
      const joined = field(p, 'joined_at');
      if (guild && user && joined) return `${t}:${guild}:${user}:${joined}`;
      break;
    }
  }
  if (origin) return `${t}:${origin.sessionId}:${origin.seq}`;
  throw new Error(`event ${t} has no identity of its own and no gateway origin to key it by`);
}

const GUILD_OBJECT_EVENTS = new Set(['GUILD_CREATE', 'GUILD_UPDATE', 'GUILD_DELETE']);

/** The guild an event belongs to, read from Discord's payload; null for DMs and global events. */
export function guildIdOf(t: string, d: unknown): string | null {
  const p = d as Payload;
  return (GUILD_OBJECT_EVENTS.has(t) ? field(p, 'id') : field(p, 'guild_id')) ?? null;
}
