import type { ExportEmoji, ExportRole, ExportUser } from '../model/export-document.js';
import type { ChannelRef } from './guild-directory.js';
import type { MarkdownScope } from './markdown-scope.js';

/**
 * A mention or custom emoji as DCE writes it in plain-text-formatted content (the `content` of a
 * JSON export made with `--markdown`): `@Nickname`, `@Role`, `#channel`, `:emoji:`. Only names the
 * message itself vouches for count (its mentioned users and emoji) or that the guild has (roles,
 * channels), so ordinary text with an `@` stays text.
 */
export type PlainMention =
  | { kind: 'user'; length: number; user: ExportUser }
  | { kind: 'role'; length: number; role: ExportRole }
  | { kind: 'channel'; length: number; channel: ChannelRef }
  | { kind: 'emoji'; length: number; emoji: ExportEmoji };

const wordCharacter = /[\p{L}\p{N}_]/u;
const markers = /[@#:]/;
const emojiName = /:(\w{2,32}):/y;
const voiceSuffix = ' [voice]';

const isWord = (character: string | undefined): boolean => character !== undefined && wordCharacter.test(character);

/** Whether `name` stands at `start` of `text` as a whole name (not the start of a longer word). */
function namedAt(text: string, start: number, name: string): boolean {
  if (name === '' || !text.startsWith(name, start)) return false;
  return !isWord(name.at(-1)) || !isWord(text[start + name.length]);
}

function userAt(text: string, start: number, users: readonly ExportUser[]): PlainMention | undefined {
  let found: PlainMention | undefined;
  for (const user of users) {
    for (const name of [user.nickname, user.name]) {
      if (namedAt(text, start, name) && name.length + 1 > (found?.length ?? 0)) {
        found = { kind: 'user', length: name.length + 1, user };
      }
    }
  }
  return found;
}

function mentionAt(text: string, index: number, scope: MarkdownScope): PlainMention | undefined {
  switch (text[index]) {
    case '@': {
      const user = userAt(text, index + 1, scope.users);
      const role = scope.directory.rolesLongestFirst().find((candidate) => namedAt(text, index + 1, candidate.name));
      if (role && role.name.length + 1 > (user?.length ?? 0))
        return { kind: 'role', length: role.name.length + 1, role };
      return user;
    }
    case '#': {
      const channel = scope.directory
        .channelsLongestFirst()
        .find((candidate) => namedAt(text, index + 1, candidate.name));
      if (!channel) return undefined;
      const voice = channel.isVoice && text.startsWith(voiceSuffix, index + 1 + channel.name.length);
      return { kind: 'channel', length: channel.name.length + 1 + (voice ? voiceSuffix.length : 0), channel };
    }
    default: {
      emojiName.lastIndex = index;
      const match = emojiName.exec(text);
      const emoji = match && scope.emojis.find((candidate) => candidate.id !== '' && candidate.name === match[1]);
      return emoji ? { kind: 'emoji', length: match[0].length, emoji } : undefined;
    }
  }
}

/** The plain mentions in `text`, in order, each with where it starts. */
export function findPlainMentions(text: string, scope: MarkdownScope): Array<{ index: number; mention: PlainMention }> {
  const found: Array<{ index: number; mention: PlainMention }> = [];
  if (!markers.test(text)) return found;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character !== '@' && character !== '#' && character !== ':') continue;
    // A name glued to a word is part of it (an address like a@b), but emoji stand anywhere.
    if (character !== ':' && isWord(text[index - 1])) continue;
    const mention = mentionAt(text, index, scope);
    if (!mention) continue;
    found.push({ index, mention });
    index += mention.length - 1;
  }
  return found;
}
