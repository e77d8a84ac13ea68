import type { APIMessage } from 'discord-api-types/v10';
import type { GeneratedMessage, GeneratedReaction, MessageRef } from './history.js';
import { toApiReaction } from './history.js';
import { compareIds, snowflakeMs } from './snowflake.js';
import type { Timeline } from './timeline.js';
import type { MessagePage } from './world.js';

/** One emoji's reactions on a message once something changed them: who reacted, in id order. */
export interface ReactionState {
  emoji: { id: string | null; name: string; animated?: boolean };
  /** `name` for unicode, `name:id` for custom: the form the REST path uses. */
  key: string;
  userIds: string[];
}

/** What the store needs from the world: the generated history and how to resolve references. */
export interface HistorySource {
  timeline: Timeline | null;
  messageId(index: number): string;
  generate(index: number): GeneratedMessage;
  generatedReactions(index: number): GeneratedReaction[];
  userId(poolIndex: number): string;
  /** The current form of a referenced message (for `referenced_message`), or null if it is gone. */
  resolve(ref: MessageRef): APIMessage | null;
}

export function reactionKey(emoji: { id: string | null; name: string | null }): string {
  return emoji.id ? `${emoji.name}:${emoji.id}` : (emoji.name ?? '');
}

/**
 * The messages of one channel: the generated history (indices 0..n-1, never materialised) followed
 * by live messages, with an overlay of what changed. Positions 0..n-1 address the history and
 * n.. the live messages, both in id order, so paging is a binary search plus a short walk.
 */
export class MessageStore {
  private readonly live: APIMessage[] = [];
  private readonly deleted = new Set<number>();
  private readonly edited = new Map<number, APIMessage>();
  private readonly reactionOverlay = new Map<string, ReactionState[]>();
  private readonly pinOverlay = new Map<string, boolean>();

  constructor(private readonly source: HistorySource) {}

  private get historySize(): number {
    return this.source.timeline?.count ?? 0;
  }

  get count(): number {
    return this.historySize - this.deleted.size + this.live.length;
  }

  /** Messages created live (still present). */
  get liveCount(): number {
    return this.live.length;
  }

  /** Id of the newest message, or null when the channel is empty. */
  get lastMessageId(): string | null {
    const last = this.live.at(-1);
    if (last) return last.id;
    for (let i = this.historySize - 1; i >= 0; i--) if (!this.deleted.has(i)) return this.source.messageId(i);
    return null;
  }

  page(page: MessagePage): APIMessage[] {
    const limit = page.limit ?? 50;
    const out: number[] = [];
    const total = this.historySize + this.live.length;
    if (page.around !== undefined) {
      const centre = this.lowerBound(page.around);
      const exact = centre < total && this.idAt(centre) === page.around;
      const olderEnd = exact ? centre + 1 : centre;
      // Half on each side, the message itself counted with the older half, as Discord pages `around`.
      const older = this.walk(olderEnd - 1, -1, Math.ceil(limit / 2));
      const newer = this.walk(olderEnd, 1, Math.floor(limit / 2));
      out.push(...newer.reverse(), ...older);
    } else if (page.after !== undefined) {
      out.push(...this.walk(this.upperBound(page.after), 1, limit).reverse());
    } else {
      const end = page.before !== undefined ? this.lowerBound(page.before) : total;
      out.push(...this.walk(end - 1, -1, limit));
    }
    return out.map((position) => this.read(position));
  }

  /** A message as clients see it; `withReference: false` leaves out `referenced_message` (as nested messages do). */
  get(messageId: string, withReference = true): APIMessage | undefined {
    const position = this.positionOf(messageId);
    return position === undefined ? undefined : this.read(position, withReference);
  }

  has(messageId: string): boolean {
    return this.positionOf(messageId) !== undefined;
  }

  /** Message `index` of the generated history as clients see it now (without `referenced_message`), or null once deleted. */
  historyMessage(index: number): APIMessage | null {
    if (index < 0 || index >= this.historySize || this.deleted.has(index)) return null;
    return this.read(index, false);
  }

  /** The message as stored, without the overlay's reactions, pins or references. */
  base(messageId: string): APIMessage | undefined {
    const position = this.positionOf(messageId);
    return position === undefined ? undefined : this.baseAt(position).message;
  }

  append(message: APIMessage): void {
    this.live.push(message);
  }

  /** Replaces a message's content (an edit); the overlay keeps its reactions and pin. */
  replace(message: APIMessage): void {
    const position = this.positionOf(message.id);
    if (position === undefined) return;
    if (position < this.historySize) this.edited.set(position, message);
    else this.live[position - this.historySize] = message;
  }

  delete(messageId: string): void {
    const position = this.positionOf(messageId);
    if (position === undefined) return;
    if (position < this.historySize) {
      this.deleted.add(position);
      this.edited.delete(position);
    } else this.live.splice(position - this.historySize, 1);
    this.reactionOverlay.delete(messageId);
    this.pinOverlay.delete(messageId);
  }

  isPinned(messageId: string): boolean {
    return this.get(messageId)?.pinned === true;
  }

  setPinned(messageId: string, pinned: boolean): void {
    this.pinOverlay.set(messageId, pinned);
  }

  /** Pinned messages, newest first. */
  pins(generatedPins: readonly number[]): APIMessage[] {
    const ids = new Set<string>();
    for (const i of generatedPins) if (!this.deleted.has(i)) ids.add(this.source.messageId(i));
    for (const [id, pinned] of this.pinOverlay) {
      if (pinned) ids.add(id);
      else ids.delete(id);
    }
    return [...ids]
      .sort((a, b) => compareIds(b, a))
      .map((id) => this.get(id))
      .filter((m): m is APIMessage => m !== undefined);
  }

  /** The reactions of a message, materialised into the overlay so they can change. */
  reactions(messageId: string): ReactionState[] {
    const existing = this.reactionOverlay.get(messageId);
    if (existing) return existing;
    const position = this.positionOf(messageId);
    const states: ReactionState[] =
      position !== undefined && position < this.historySize
        ? this.source.generatedReactions(position).map((r) => ({
            emoji: r.emoji,
            key: reactionKey(r.emoji),
            userIds: Array.from({ length: r.count }, (_, k) => this.source.userId(r.firstUser + k)),
          }))
        : [];
    this.reactionOverlay.set(messageId, states);
    return states;
  }

  /** Ids of users who reacted with `key`, ascending, after `after`. */
  reactionUserIds(messageId: string, key: string, after: string | undefined, limit: number): string[] {
    const state = this.reactionOverlay.get(messageId)?.find((r) => r.key === key);
    if (state) return state.userIds.filter((id) => !after || compareIds(id, after) > 0).slice(0, limit);
    const position = this.positionOf(messageId);
    if (position === undefined || position >= this.historySize) return [];
    const generated = this.source.generatedReactions(position).find((r) => reactionKey(r.emoji) === key);
    if (!generated) return [];
    const out: string[] = [];
    for (let k = 0; k < generated.count && out.length < limit; k++) {
      const id = this.source.userId(generated.firstUser + k);
      if (!after || compareIds(id, after) > 0) out.push(id);
    }
    return out;
  }

  /** Walks from `start` in `step` direction over existing messages, collecting up to `limit` positions. */
  private walk(start: number, step: 1 | -1, limit: number): number[] {
    const out: number[] = [];
    const total = this.historySize + this.live.length;
    for (let p = start; p >= 0 && p < total && out.length < limit; p += step) {
      if (p < this.historySize && this.deleted.has(p)) continue;
      out.push(p);
    }
    return out;
  }

  private idAt(position: number): string {
    if (position < this.historySize) return this.source.messageId(position);
    return this.live[position - this.historySize]?.id ?? '';
  }

  /** First position whose id is ≥ `id`. */
  private lowerBound(id: string): number {
    const n = this.historySize;
    const firstLive = this.live[0];
    if (!firstLive || compareIds(id, firstLive.id) <= 0) {
      const timeline = this.source.timeline;
      if (!timeline) return 0;
      // Times are strictly increasing, so at most one message shares the id's millisecond.
      const i = timeline.firstAtOrAfter(snowflakeMs(id));
      if (i < n && compareIds(this.source.messageId(i), id) < 0) return i + 1;
      return i;
    }
    let lo = 0;
    let hi = this.live.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(this.live[mid]?.id ?? '', id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return n + lo;
  }

  /** First position whose id is > `id`. */
  private upperBound(id: string): number {
    const p = this.lowerBound(id);
    return p < this.historySize + this.live.length && this.idAt(p) === id ? p + 1 : p;
  }

  private positionOf(messageId: string): number | undefined {
    if (!/^\d{1,20}$/.test(messageId)) return undefined;
    const p = this.lowerBound(messageId);
    if (p >= this.historySize + this.live.length || this.idAt(p) !== messageId) return undefined;
    if (p < this.historySize && this.deleted.has(p)) return undefined;
    return p;
  }

  private baseAt(position: number): GeneratedMessage {
    if (position >= this.historySize) {
      const message = this.live[position - this.historySize];
      if (!message) throw new Error(`no message at ${position}`);
      return { message, ref: null };
    }
    const generated = this.source.generate(position);
    const edited = this.edited.get(position);
    return edited ? { message: edited, ref: generated.ref } : generated;
  }

  private read(position: number, withReference = true): APIMessage {
    const { message: base, ref } = this.baseAt(position);
    const message: APIMessage = { ...base };
    const reactions = this.reactionOverlay.get(message.id);
    if (reactions) {
      const present = reactions.filter((r) => r.userIds.length > 0);
      if (present.length > 0)
        message.reactions = present.map((r) => toApiReaction({ emoji: r.emoji, count: r.userIds.length }));
      else delete message.reactions;
    }
    const pinned = this.pinOverlay.get(message.id);
    if (pinned !== undefined) message.pinned = pinned;
    if (!withReference) delete message.referenced_message;
    else if (ref) message.referenced_message = this.source.resolve(ref);
    else if (message.message_reference?.message_id && message.referenced_message !== undefined) {
      // Live replies keep their target current: an edit shows, a deletion becomes null.
      message.referenced_message = this.get(message.message_reference.message_id, false) ?? null;
    }
    return message;
  }
}
