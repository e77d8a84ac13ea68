/** Events whose payload is a message object, subject to the MESSAGE_CONTENT intent. */
const MESSAGE_EVENTS: ReadonlySet<string> = new Set(['MESSAGE_CREATE', 'MESSAGE_UPDATE']);

/** Whether event `t` carries message content that a session without MESSAGE_CONTENT must not see. */
export function carriesMessageContent(t: string): boolean {
  return MESSAGE_EVENTS.has(t);
}

interface MessageLike {
  guild_id?: string;
  author?: { id?: string };
  mentions?: readonly { id?: string }[];
}

/**
 * Whether the bot `botId` sees a message's content without the MESSAGE_CONTENT intent: in DMs, in its own
 * messages and in messages that mention it, as Discord documents.
 */
export function contentVisibleWithoutIntent(message: unknown, botId: string): boolean {
  const m = message as MessageLike;
  if (m.guild_id === undefined) return true;
  if (m.author?.id === botId) return true;
  return m.mentions?.some((user) => user.id === botId) ?? false;
}

/** A copy of the message with the fields that expose content emptied, as Discord sends it without the intent. */
export function withoutMessageContent<T extends object>(message: T): T {
  const copy: Record<string, unknown> = { ...(message as Record<string, unknown>) };
  if ('content' in copy) copy.content = '';
  if ('embeds' in copy) copy.embeds = [];
  if ('attachments' in copy) copy.attachments = [];
  if ('components' in copy) copy.components = [];
  delete copy.poll;
  return copy as T;
}
