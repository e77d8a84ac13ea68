import { Draws, kindOf } from '../world/random.js';
import { UNICODE_EMOJI } from '../world/vocabulary.js';
import type { TrafficContext } from './traffic-context.js';

const REACTIONS = kindOf('traffic-reactions');
const CUSTOM_SHARE = 0.25;

/** Virtual members reacting to what was said lately, with unicode and the guild's own emoji. */
export class ReactionGiver {
  private readonly draws: Draws;

  constructor(
    private readonly ctx: TrafficContext,
    seed: number,
  ) {
    this.draws = new Draws(seed, REACTIONS);
  }

  react(): void {
    const { ctx, draws } = this;
    const guildId = ctx.pickGuild(draws.float());
    const target = guildId === undefined ? undefined : ctx.recent.pick(guildId, draws.float());
    if (guildId === undefined || target === undefined) {
      ctx.skip('reaction', 'no recent message');
      return;
    }
    const userId = ctx.roster(guildId).pickActive(draws.float());
    if (userId === undefined) {
      ctx.skip('reaction', 'no member to react');
      return;
    }
    const emoji = this.emoji(guildId);
    if (ctx.attempt('reaction', () => ctx.world.addReaction(target.channelId, target.messageId, emoji, userId)))
      ctx.stats.reactions++;
  }

  /** An emoji as the world takes it: `name` for unicode, `name:id` for a custom one. */
  private emoji(guildId: string): string {
    const custom = this.ctx.world.guild(guildId)?.emojis ?? [];
    if (custom.length === 0 || !this.draws.chance(CUSTOM_SHARE)) return this.draws.pick(UNICODE_EMOJI);
    const chosen = this.draws.pick(custom);
    return `${chosen.name}:${chosen.id}`;
  }
}
