import type { EventRow, MappedEvent, VoiceRow } from './event-rows.js';

/** What a guild's settings and state decide about counting, read under the guild's write lock. */
export interface CountingRules {
  excludedChannelIds: ReadonlySet<string>;
  optedOutUserIds: ReadonlySet<string>;
  storeContent: boolean;
  afkChannelId: string | null;
}

export const DEFAULT_RULES: CountingRules = {
  excludedChannelIds: new Set(),
  optedOutUserIds: new Set(),
  storeContent: false,
  afkChannelId: null,
};

/** What became of an envelope: counted, or dropped whole and why. */
export type EventOutcome = 'counted' | 'ignored' | 'excluded' | 'expired';

export interface FilteredEvent {
  rows: EventRow[];
  outcome: EventOutcome;
}

/** Whether a voice state counts as voice time: in a channel that is neither AFK nor excluded. */
export function countsAsVoice(row: Pick<VoiceRow, 'channelId'>, rules: CountingRules): boolean {
  return row.channelId !== null && row.channelId !== rules.afkChannelId && !rules.excludedChannelIds.has(row.channelId);
}

type Verdict = 'keep' | 'excluded' | 'expired';

function verdict(row: EventRow, rules: CountingRules, horizonMs: number): Verdict {
  const out = (userId: string) => rules.optedOutUserIds.has(userId);
  switch (row.kind) {
    case 'message':
    case 'edit':
      if (row.at < horizonMs) return 'expired';
      return rules.excludedChannelIds.has(row.channelId) || out(row.authorId) ? 'excluded' : 'keep';
    case 'delete':
      // The message's row lives in the partition of its own day: gone past the horizon.
      if (row.createdAt < horizonMs || row.at < horizonMs) return 'expired';
      return rules.excludedChannelIds.has(row.channelId) ? 'excluded' : 'keep';
    case 'reaction':
      if (row.at < horizonMs) return 'expired';
      return rules.excludedChannelIds.has(row.channelId) || out(row.userId) ? 'excluded' : 'keep';
    case 'voice':
      if (row.at < horizonMs) return 'expired';
      return out(row.userId) ? 'excluded' : 'keep';
    case 'voiceSnapshot':
      return row.at < horizonMs ? 'expired' : 'keep';
    case 'member':
    case 'join':
    case 'leave':
      return out(row.userId) ? 'excluded' : 'keep';
    case 'guild':
    case 'bot':
      return 'keep';
  }
}

/** Drops what must not be stored: content unless the guild keeps it, opted-out people inside kept rows. */
function redact(row: EventRow, rules: CountingRules): EventRow {
  if (row.kind === 'message' && !rules.storeContent && row.content !== null) return { ...row, content: null };
  if (row.kind === 'reaction' && row.authorId !== null && rules.optedOutUserIds.has(row.authorId))
    return { ...row, authorId: null };
  if (row.kind === 'voiceSnapshot' && rules.optedOutUserIds.size > 0)
    return { ...row, states: row.states.filter((s) => !rules.optedOutUserIds.has(s.userId)) };
  return row;
}

const FACT_KINDS = new Set<EventRow['kind']>(['guild', 'bot']);

/**
 * Applies a guild's counting rules and the raw retention horizon (epoch ms) to one envelope's rows.
 * Rows of opted-out users and excluded channels are dropped; rows older than the horizon too, since
 * their raw partition (which makes them count once) is gone.
 */
export function applyRules(
  event: MappedEvent,
  rulesOf: (guildId: string) => CountingRules,
  horizonMs: number,
): FilteredEvent {
  const rows: EventRow[] = [];
  let excluded = false;
  let expired = false;
  for (const row of event.rows) {
    const rules = row.kind === 'bot' ? DEFAULT_RULES : rulesOf(row.guildId);
    const v = verdict(row, rules, horizonMs);
    if (v === 'keep') rows.push(redact(row, rules));
    else if (v === 'excluded') excluded = true;
    else expired = true;
  }
  const countsSomething = rows.some((row) => !FACT_KINDS.has(row.kind));
  let outcome: EventOutcome = 'counted';
  if (event.ignored) outcome = 'ignored';
  else if (!countsSomething && expired) outcome = 'expired';
  else if (!countsSomething && excluded) outcome = 'excluded';
  return { rows, outcome };
}
