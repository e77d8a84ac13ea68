import { ENVELOPE_VERSION, type Envelope } from '@platform/contracts';

/**
 * Synthetic gateway traffic of one guild for the stats benchmark: 60% MESSAGE_CREATE, 25%
 * MESSAGE_REACTION_ADD, 10% VOICE_STATE_UPDATE, 3% MESSAGE_UPDATE (edits), 2% MESSAGE_DELETE, after a
 * GUILD_CREATE listing every member. 5,000 users write with a Zipf-like skew (a few write most), over
 * 20 channels (15 text, 5 voice), with snowflakes and times spread evenly over `[startMs, endMs)`.
 */

export const STATS_GUILD = '100000000000000001';
const USER_COUNT = 5000;
const USERS = Array.from({ length: USER_COUNT }, (_, i) => String(200000000000000000n + BigInt(i)));
const CHANNELS = Array.from({ length: 20 }, (_, i) => String(300000000000000000n + BigInt(i)));
const TEXT_CHANNELS = CHANNELS.slice(0, 15);
const VOICE_CHANNELS = CHANNELS.slice(15);
const EMOJI = ['👍', '😂', '❤️', '🎉', '🔥'];
const DISCORD_EPOCH_MS = 1_420_070_400_000;

/** What was published, to check the rollups against: duplicates are never generated. */
export interface PublishedCounts {
  messages: number;
  reactions: number;
  voiceStates: number;
  edits: number;
  deletions: number;
}

export interface StatsTraffic {
  /** The GUILD_CREATE first, then `events` dispatches in time order. */
  envelopes: Envelope[];
  counts: PublishedCounts;
}

/** A seeded generator, so runs compare. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

export function statsTraffic(events: number, startMs: number, endMs: number, seed = 1): StatsTraffic {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)] as T;
  // Cubing a uniform draw skews it toward the first users: the top 1% write about a fifth of everything.
  const user = () => USERS[Math.min(USER_COUNT - 1, Math.floor(USER_COUNT * rnd() ** 3))] as string;
  let increment = 0;
  const snowflake = (ms: number) => ((BigInt(ms - DISCORD_EPOCH_MS) << 22n) + BigInt(increment++ % 4096)).toString();
  let seq = 0;
  const envelope = (t: string, d: object, at: number): Envelope => {
    seq += 1;
    return { v: ENVELOPE_VERSION, id: `${t}:bench:${seq}`, t, shard: 0, seq, guildId: STATS_GUILD, receivedAt: at, d };
  };

  const counts: PublishedCounts = { messages: 0, reactions: 0, voiceStates: 0, edits: 0, deletions: 0 };
  const envelopes: Envelope[] = [
    envelope(
      'GUILD_CREATE',
      {
        id: STATS_GUILD,
        name: 'bench',
        afk_channel_id: VOICE_CHANNELS[4],
        member_count: USER_COUNT,
        members: USERS.map((id) => ({
          user: { id, username: `user${id}` },
          joined_at: new Date(startMs).toISOString(),
        })),
        voice_states: [],
      },
      startMs,
    ),
  ];
  // Messages still there to react to, edit or delete: the recent ones, as in a live channel.
  const recent: { id: string; author: string; channel: string }[] = [];
  const reacted = new Set<string>();
  const inVoice = new Set<string>();
  for (let i = 0; i < events; i++) {
    const at = startMs + Math.floor((i / events) * (endMs - startMs));
    const r = rnd();
    const target = recent.length > 0 ? pick(recent) : undefined;
    if (r < 0.6 || !target) {
      const id = snowflake(at);
      const author = user();
      const channel = pick(TEXT_CHANNELS);
      recent.push({ id, author, channel });
      if (recent.length > 500) recent.shift();
      counts.messages++;
      envelopes.push(
        envelope(
          'MESSAGE_CREATE',
          {
            id,
            channel_id: channel,
            guild_id: STATS_GUILD,
            author: { id: author, username: `user${author}` },
            type: 0,
            content: 'hello there',
            attachments: rnd() < 0.1 ? [{ id: snowflake(at) }] : [],
            embeds: [],
            mentions: [],
          },
          at,
        ),
      );
    } else if (r < 0.85) {
      // A reaction is stored once per message, user and emoji; a repeat would not count, so none is sent.
      let reactor = user();
      let emoji = pick(EMOJI);
      for (let tries = 0; reacted.has(`${target.id}:${reactor}:${emoji}`) && tries < 20; tries++) {
        reactor = pick(USERS);
        emoji = pick(EMOJI);
      }
      const key = `${target.id}:${reactor}:${emoji}`;
      if (reacted.has(key)) continue;
      reacted.add(key);
      counts.reactions++;
      envelopes.push(
        envelope(
          'MESSAGE_REACTION_ADD',
          {
            user_id: reactor,
            channel_id: target.channel,
            message_id: target.id,
            guild_id: STATS_GUILD,
            message_author_id: target.author,
            emoji: { id: null, name: emoji },
          },
          at,
        ),
      );
    } else if (r < 0.95) {
      const member = user();
      const leaving = inVoice.has(member) && rnd() < 0.5;
      if (leaving) inVoice.delete(member);
      else inVoice.add(member);
      counts.voiceStates++;
      envelopes.push(
        envelope(
          'VOICE_STATE_UPDATE',
          {
            guild_id: STATS_GUILD,
            channel_id: leaving ? null : pick(VOICE_CHANNELS),
            user_id: member,
            session_id: `s${member}`,
            self_mute: rnd() < 0.3,
            self_deaf: false,
            mute: false,
            deaf: false,
            self_stream: rnd() < 0.1,
            self_video: false,
          },
          at,
        ),
      );
    } else if (r < 0.98) {
      counts.edits++;
      envelopes.push(
        envelope(
          'MESSAGE_UPDATE',
          {
            id: target.id,
            channel_id: target.channel,
            guild_id: STATS_GUILD,
            author: { id: target.author, username: `user${target.author}` },
            content: 'hello there (edited)',
            edited_timestamp: new Date(at).toISOString(),
          },
          at,
        ),
      );
    } else {
      recent.splice(recent.indexOf(target), 1);
      counts.deletions++;
      envelopes.push(
        envelope('MESSAGE_DELETE', { id: target.id, channel_id: target.channel, guild_id: STATS_GUILD }, at),
      );
    }
  }
  return { envelopes, counts };
}

/** A user of the generated guild by rank of activity (0 = the most active). */
export function statsUser(rank: number): string {
  return USERS[Math.min(Math.max(rank, 0), USER_COUNT - 1)] as string;
}
