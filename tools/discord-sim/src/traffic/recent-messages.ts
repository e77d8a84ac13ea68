/** A message the traffic engine saw created, enough to react or reply to it. */
export interface RecentMessage {
  channelId: string;
  messageId: string;
  authorId: string;
}

/**
 * The latest messages of each guild (live ones, from any author, bots included), newest last: what
 * virtual users react and reply to. Bounded, so it costs the same at any rate.
 */
export class RecentMessages {
  private readonly byGuild = new Map<string, RecentMessage[]>();

  constructor(private readonly capacity = 256) {}

  add(guildId: string, message: RecentMessage): void {
    let list = this.byGuild.get(guildId);
    if (!list) {
      list = [];
      this.byGuild.set(guildId, list);
    }
    list.push(message);
    // Trimming in batches keeps appends O(1) amortised.
    if (list.length > this.capacity * 2) list.splice(0, list.length - this.capacity);
  }

  /**
   * A recent message, the newest being the likeliest: `u` uniform in [0, 1) picks an age that falls off
   * exponentially, with a mean of `meanAge` messages.
   */
  pick(guildId: string, u: number, meanAge = 12): RecentMessage | undefined {
    const list = this.byGuild.get(guildId);
    if (!list || list.length === 0) return undefined;
    const age = Math.min(list.length - 1, Math.floor(-Math.log(1 - u) * meanAge));
    return list[list.length - 1 - age];
  }

  /** The newest message of a channel among the recent ones of its guild. */
  latestIn(guildId: string, channelId: string): RecentMessage | undefined {
    const list = this.byGuild.get(guildId) ?? [];
    for (let i = list.length - 1; i >= 0 && i >= list.length - this.capacity; i--) {
      const message = list[i] as RecentMessage;
      if (message.channelId === channelId) return message;
    }
    return undefined;
  }

  forget(guildId: string, messageId: string): void {
    const list = this.byGuild.get(guildId);
    const at = list?.findIndex((m) => m.messageId === messageId) ?? -1;
    if (at >= 0) list?.splice(at, 1);
  }
}
