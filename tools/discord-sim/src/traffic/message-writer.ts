import { Draws, kindOf } from '../world/random.js';
import type { MessageInput } from '../world/world.js';
import type { TrafficContext } from './traffic-context.js';

const MESSAGES = kindOf('traffic-messages');
const REPLY_SHARE = 0.1;

/** Virtual members chatting: the most active write most, where their guild is busiest, in its style. */
export class MessageWriter {
  private readonly draws: Draws;
  private written = 0;

  constructor(
    private readonly ctx: TrafficContext,
    seed: number,
  ) {
    this.draws = new Draws(seed, MESSAGES);
  }

  write(): void {
    const { ctx, draws } = this;
    const guildId = ctx.pickGuild(draws.float());
    const authorId = guildId === undefined ? undefined : ctx.roster(guildId).pickActive(draws.float());
    if (guildId === undefined || authorId === undefined) {
      ctx.skip('message', 'no member to write');
      return;
    }
    const channelId = ctx.channels(guildId).pickWritable(authorId, () => draws.float());
    if (channelId === undefined) {
      ctx.skip('message', 'no channel the author may write in');
      return;
    }
    const input: MessageInput = { content: ctx.world.chatLine(channelId, this.written++) };
    const target = draws.chance(REPLY_SHARE) ? ctx.recent.latestIn(guildId, channelId) : undefined;
    if (target) input.message_reference = { message_id: target.messageId, fail_if_not_exists: false };
    if (ctx.attempt('message', () => ctx.world.createMessage(channelId, authorId, input))) {
      ctx.stats.messages++;
      if (target) ctx.stats.replies++;
    }
  }
}
