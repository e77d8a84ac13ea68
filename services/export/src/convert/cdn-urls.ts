/** Discord's CDN, where DiscordChatExporter points every avatar, icon, emoji and sticker. */
export const DISCORD_CDN = 'https://cdn.discordapp.com';

const twemojiBase = 'https://cdn.jsdelivr.net/gh/twitter/twemoji@latest/assets/svg';

const imageExtension = (hash: string): string => (hash.startsWith('a_') ? 'gif' : 'png');

/** URLs of Discord's images as DCE builds them (512 px where Discord takes a size). */
export class CdnUrls {
  constructor(private readonly base = DISCORD_CDN) {}

  userAvatar(userId: string, hash: string): string {
    return `${this.base}/avatars/${userId}/${hash}.${imageExtension(hash)}?size=512`;
  }

  memberAvatar(guildId: string, userId: string, hash: string): string {
    return `${this.base}/guilds/${guildId}/users/${userId}/avatars/${hash}.${imageExtension(hash)}?size=512`;
  }

  /**
   * The avatar Discord shows a user without one: by discriminator for legacy accounts, by id for
   * those with a unique username.
   */
  defaultAvatar(userId: string, discriminator: number | null): string {
    const index = discriminator ? discriminator % 5 : Number((BigInt(userId) >> 22n) % 6n);
    return `${this.base}/embed/avatars/${index}.png`;
  }

  guildIcon(guildId: string, hash: string | null): string {
    return hash ? `${this.base}/icons/${guildId}/${hash}.${imageExtension(hash)}?size=512` : this.fallbackIcon();
  }

  /** What DCE shows for a guild without an icon and for the DM pseudo-guild. */
  fallbackIcon(): string {
    return `${this.base}/embed/avatars/0.png`;
  }

  channelIcon(channelId: string, hash: string): string {
    return `${this.base}/channel-icons/${channelId}/${hash}.${imageExtension(hash)}?size=512`;
  }

  customEmoji(emojiId: string, animated: boolean): string {
    return `${this.base}/emojis/${emojiId}.${animated ? 'gif' : 'png'}`;
  }

  sticker(stickerId: string, extension: 'png' | 'gif' | 'json'): string {
    return `${this.base}/stickers/${stickerId}.${extension}`;
  }
}

/**
 * Twemoji's SVG of a standard emoji. Its file names leave out the variation selector U+FE0F,
 * except in sequences with a zero-width joiner.
 */
export function standardEmojiUrl(emoji: string): string {
  const points = [...emoji].map((character) => character.codePointAt(0) ?? 0);
  const kept = points.includes(0x200d) ? points : points.filter((point) => point !== 0xfe0f);
  return `${twemojiBase}/${kept.map((point) => point.toString(16)).join('-')}.svg`;
}
