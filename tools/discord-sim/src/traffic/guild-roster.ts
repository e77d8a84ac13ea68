import { zipfRank } from '../world/random.js';
import type { World } from '../world/world.js';

/**
 * The human members of one guild in order of activity, the most active first, as the world ranks them
 * (live joiners last: newcomers say little), kept up to date by the engine as people join and leave.
 * Picking a rank by a Zipf law of the scenario's skew makes a few members do most of the talking.
 */
export class GuildRoster {
  private readonly ids: string[];
  private readonly present: Set<string>;
  readonly ownerId: string | undefined;

  constructor(
    world: World,
    readonly guildId: string,
    private readonly skew: number,
  ) {
    this.ownerId = world.guild(guildId)?.owner_id;
    this.ids = world.membersByActivity(guildId);
    this.present = new Set(this.ids);
  }

  get size(): number {
    return this.ids.length;
  }

  /** A member drawn by activity: `u` uniform in [0, 1). Undefined when the guild has no human member. */
  pickActive(u: number): string | undefined {
    return this.ids[zipfRank(u, this.ids.length, this.skew)];
  }

  /** A member drawn uniformly: `u` uniform in [0, 1). */
  pickAny(u: number): string | undefined {
    return this.ids[Math.floor(u * this.ids.length)];
  }

  add(userId: string): void {
    if (this.present.has(userId)) return;
    this.present.add(userId);
    this.ids.push(userId);
  }

  remove(userId: string): void {
    if (!this.present.delete(userId)) return;
    // Order is rank, so the list is spliced rather than swapped; leaves are rare enough for O(n).
    this.ids.splice(this.ids.indexOf(userId), 1);
  }
}
