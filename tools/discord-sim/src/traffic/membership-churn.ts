import { Draws, kindOf } from '../world/random.js';
import type { TrafficContext } from './traffic-context.js';

const CHURN = kindOf('traffic-membership');
const PAGE = 1000;
const TRIES = 50;

/**
 * People joining and leaving guilds: joiners come from the world's user pool (people who are not members
 * yet, bots aside), leavers are any member but the owner, whatever their activity.
 */
export class MembershipChurn {
  private readonly draws: Draws;
  /** Pool users not yet tried, shuffled; refilled a page at a time so the pool is never held whole. */
  private candidates: string[] = [];
  private cursor: string | undefined;

  constructor(
    private readonly ctx: TrafficContext,
    seed: number,
  ) {
    this.draws = new Draws(seed, CHURN);
  }

  join(): void {
    const { ctx } = this;
    const guildId = ctx.pickGuild(this.draws.float());
    if (guildId === undefined) {
      ctx.skip('member join', 'no guild');
      return;
    }
    for (let tries = 0; tries < TRIES; tries++) {
      const userId = this.nextCandidate();
      if (userId === undefined) break;
      if (ctx.world.member(guildId, userId)) continue;
      if (ctx.attempt('member join', () => ctx.world.memberJoin(guildId, userId))) ctx.stats.memberJoins++;
      return;
    }
    ctx.skip('member join', 'everyone in the pool is a member already');
  }

  leave(): void {
    const { ctx } = this;
    const guildId = ctx.pickGuild(this.draws.float());
    if (guildId === undefined) {
      ctx.skip('member leave', 'no guild');
      return;
    }
    const roster = ctx.roster(guildId);
    const userId = roster.pickAny(this.draws.float());
    // The owner cannot leave their guild.
    if (userId === undefined || userId === roster.ownerId) {
      ctx.skip('member leave', 'no member who may leave');
      return;
    }
    if (ctx.attempt('member leave', () => ctx.world.memberLeave(guildId, userId))) ctx.stats.memberLeaves++;
  }

  private nextCandidate(): string | undefined {
    if (this.candidates.length === 0) this.refill();
    return this.candidates.pop();
  }

  private refill(): void {
    let page = this.ctx.world.users(this.cursor === undefined ? { limit: PAGE } : { after: this.cursor, limit: PAGE });
    if (page.length === 0 && this.cursor !== undefined) {
      // Wrap around: people who left may come back.
      this.cursor = undefined;
      page = this.ctx.world.users({ limit: PAGE });
    }
    this.cursor = page.at(-1)?.id;
    const ids = page.filter((user) => !user.bot).map((user) => user.id);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = this.draws.int(i + 1);
      [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
    }
    this.candidates = ids;
  }
}
