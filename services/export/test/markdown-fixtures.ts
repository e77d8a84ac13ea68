import { DiscordTimestamps } from '../src/markdown/discord-timestamps.js';
import { GuildDirectory } from '../src/markdown/guild-directory.js';
import type { MarkdownScope } from '../src/markdown/markdown-scope.js';
import type { ExportUser } from '../src/model/export-document.js';

export const mentioned: ExportUser = {
  id: '866458801389174794',
  name: 'mentioned.user',
  discriminator: '0000',
  nickname: 'Nick Name',
  color: '#1ABC9C',
  isBot: false,
  roles: [{ id: '866452159842836491', name: 'Role 1', color: '#1ABC9C', position: 2 }],
  avatarUrl: 'https://cdn.discordapp.com/avatars/2/b.png',
};

/** A scope for rendering markdown alone: the given users and emoji, a fresh directory, UTC en-US dates. */
export function scopeOf(scope: Partial<MarkdownScope> = {}): MarkdownScope {
  return {
    users: [],
    emojis: [],
    directory: new GuildDirectory(),
    timestamps: new DiscordTimestamps({ locale: 'en-US', utc: true }, Date.parse('2021-07-20T21:00:00Z')),
    ...scope,
  };
}
