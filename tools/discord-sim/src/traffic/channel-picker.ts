import { ChannelType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import type { World } from '../world/world.js';

interface Candidate {
  id: string;
  thread: boolean;
  /** Upper end of this channel's share of [0, total). */
  cumulative: number;
}

const WRITABLE = new Set<number>([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);
const THREADS = new Set<number>([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);
const TRIES = 6;

/**
 * Where members of a guild write: its text and announcement channels and active threads, each as busy
 * as its history (a channel the scenario fills with a million messages gets most of the live ones too),
 * restricted to those the author may write in.
 */
export class ChannelPicker {
  private readonly candidates: Candidate[];
  private readonly total: number;

  constructor(
    private readonly world: World,
    readonly guildId: string,
  ) {
    const channels = [...world.channels(guildId), ...world.activeThreads(guildId)].filter((c) => WRITABLE.has(c.type));
    let total = 0;
    this.candidates = channels.map((channel) => {
      // A floor keeps channels with little history from never being used.
      total += world.messageCount(channel.id) + 20;
      return { id: channel.id, thread: THREADS.has(channel.type), cumulative: total };
    });
    this.total = total;
  }

  /** A channel the user may view and write in, drawn by activity from `draw()` (uniform in [0, 1)); undefined if none was found. */
  pickWritable(userId: string, draw: () => number): string | undefined {
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const candidate = this.pick(draw());
      if (!candidate) return undefined;
      const needed = P.ViewChannel | (candidate.thread ? P.SendMessagesInThreads : P.SendMessages);
      if ((this.world.permissionsFor(candidate.id, userId) & needed) === needed) return candidate.id;
    }
    return undefined;
  }

  /** A channel the user may view, drawn like {@link pickWritable}: where a virtual user runs a command. */
  pickVisible(userId: string, draw: () => number): string | undefined {
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const candidate = this.pick(draw());
      if (!candidate) return undefined;
      if ((this.world.permissionsFor(candidate.id, userId) & P.ViewChannel) !== 0n) return candidate.id;
    }
    return undefined;
  }

  private pick(u: number): Candidate | undefined {
    const target = u * this.total;
    let low = 0;
    let high = this.candidates.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.candidates[mid] as Candidate).cumulative > target) high = mid;
      else low = mid + 1;
    }
    return this.candidates[low];
  }
}
