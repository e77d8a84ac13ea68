import { GatewayIntentBits } from 'discord-api-types/v10';
import type { WorldDispatch } from '../world/world.js';
import type { GatewaySession } from './gateway-session.js';
import { requiredIntent } from './intents.js';
import { carriesMessageContent, contentVisibleWithoutIntent, withoutMessageContent } from './message-content.js';
import { shardForGuild } from './shards.js';

/** Event names go into frames unescaped, so only Discord's own spelling is accepted. */
const EVENT_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * Delivers a world change to every session entitled to it: sessions of the shard that owns the guild (DMs:
 * shard 0), of the target application when the dispatch names one, and with the intent the event needs.
 * The payload is serialised at most twice per dispatch (as is, and without message content) however many
 * sessions receive it.
 */
export function fanOutDispatch(dispatch: WorldDispatch, sessions: Iterable<GatewaySession>): void {
  const { t, d, guildId, applicationId } = dispatch;
  if (!EVENT_NAME.test(t)) throw new TypeError(`not a dispatch event name: ${JSON.stringify(t)}`);
  const intent = requiredIntent(t, guildId !== null);
  const contentGated = carriesMessageContent(t);
  let full: string | undefined;
  let stripped: string | undefined;
  for (const session of sessions) {
    if (applicationId !== undefined && session.bot.application.id !== applicationId) continue;
    if (intent !== 0 && (session.intents & intent) === 0) continue;
    if (shardForGuild(guildId, session.shardCount) !== session.shardId) continue;
    if (
      contentGated &&
      (session.intents & GatewayIntentBits.MessageContent) === 0 &&
      !contentVisibleWithoutIntent(d, session.botId)
    ) {
      stripped ??= JSON.stringify(withoutMessageContent(d as object));
      session.dispatch(t, stripped);
    } else {
      full ??= JSON.stringify(d);
      session.dispatch(t, full);
    }
  }
}
