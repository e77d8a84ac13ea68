import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { DIRECT_MESSAGES_GUILD_ID } from '../convert/convert-channel.js';
import { referencedUsers } from '../convert/convert-message.js';
import type { ConvertScope } from '../convert/convert-scope.js';
import type { PlainTextFormatter } from '../convert/plain-text-content.js';
import { contentReferences } from '../convert/plain-text-content.js';
import type { ExportSession } from './export-session.js';
import type { ResolvedGuild } from './resolved-guild.js';

/** How an export renders, shared by its pages. */
export interface RenderSettings {
  utc: boolean;
  markdown: boolean;
  text: PlainTextFormatter;
}

/** The texts of a message DCE renders as plain text, whose mentions must be resolved first. */
function* renderedTexts(message: APIMessage): Generator<string> {
  yield message.content;
  const forwarded = message.message_snapshots?.[0]?.message;
  if (forwarded) yield forwarded.content;
  for (const embed of [...message.embeds, ...(forwarded?.embeds ?? [])]) {
    if (embed.title) yield embed.title;
    if (embed.description) yield embed.description;
    for (const field of embed.fields ?? []) yield `${field.name}\n${field.value}`;
  }
}

/**
 * Resolves what a page of messages refers to, at once and in parallel, then gives the scope its
 * messages are converted in: the members of every user they name (already known ones are not asked
 * again), users of bare mentions who are not members, and mentioned channels the guild does not
 * list (threads). Direct messages have no members, as in DCE.
 */
export async function resolvePageScope(
  session: ExportSession,
  guild: ResolvedGuild,
  messages: readonly APIMessage[],
  settings: RenderSettings,
): Promise<ConvertScope> {
  const embedded = new Map<string, APIUser>();
  const userIds = new Set<string>();
  const channelIds = new Set<string>();
  for (const message of messages) {
    const contentUsers: string[] = [];
    if (settings.markdown)
      for (const text of renderedTexts(message)) {
        const references = contentReferences(text);
        contentUsers.push(...references.userIds);
        for (const id of references.channelIds) channelIds.add(id);
      }
    for (const [id, user] of referencedUsers(message, contentUsers)) {
      userIds.add(id);
      if (user) embedded.set(id, user);
    }
  }
  const guildId = guild.guild.id;
  const inGuild = guildId !== DIRECT_MESSAGES_GUILD_ID;
  const members = session.members(guildId);
  await Promise.all([inGuild ? members.resolve(userIds) : undefined, session.resolveChannelRefs(guild, channelIds)]);
  const unknown = [...userIds].filter((id) => !embedded.has(id) && !(inGuild && members.member(id)));
  await session.resolveUsers(unknown);
  return {
    guildId,
    member: (userId) => (inGuild ? members.member(userId) : undefined),
    user: (userId) => embedded.get(userId) ?? session.user(userId),
    role: (roleId) => guild.roles.get(roleId),
    channel: (channelId) => guild.channelRefs.get(channelId),
    cdn: session.cdn,
    ...settings,
  };
}
