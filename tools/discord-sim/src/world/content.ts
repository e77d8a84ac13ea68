import { type APIEmbed, EmbedType } from 'discord-api-types/v10';
import type { Draws } from './random.js';
import { LINK_SITES, OPENERS, UNICODE_EMOJI, WORDS } from './vocabulary.js';

/** What the text of a message refers to, so its `mentions`, `mention_roles` and embeds agree with it. */
export interface GeneratedText {
  content: string;
  mentionUserIndices: number[];
  mentionRoleIds: string[];
  mentionEveryone: boolean;
  embeds: APIEmbed[];
}

export interface TextContext {
  /** Draws a member (pool index) to mention. */
  member(): number;
  userId(poolIndex: number): string;
  roleIds: readonly string[];
  channelIds: readonly string[];
  emojis: readonly { id: string | null; name: string | null; animated?: boolean }[];
  /** Announcement channels ping @everyone far more often. */
  announcement: boolean;
  /** Base URL of the simulator's CDN, for embed images the way Discord proxies them. */
  cdnBase: string;
  /** Identifies the message, for the proxied embed image paths. */
  channelId: string;
  messageId: string;
  timestampMs: number;
}

/**
 * A chat line with Discord's markup: user, role and channel mentions, custom and unicode emoji,
 * links (with the embed Discord would unfurl), invites, timestamps and inline code.
 */
export function chatText(d: Draws, ctx: TextContext): GeneratedText {
  const out: GeneratedText = {
    content: '',
    mentionUserIndices: [],
    mentionRoleIds: [],
    mentionEveryone: false,
    embeds: [],
  };
  const parts: string[] = [];
  if (d.chance(ctx.announcement ? 0.3 : 0.003)) {
    parts.push(d.chance(0.8) ? '@everyone' : '@here');
    out.mentionEveryone = true;
  }
  if (d.chance(0.12)) parts.push(d.pick(OPENERS));
  const words = 2 + Math.floor(d.float() ** 2 * (d.chance(0.03) ? 120 : 22));
  for (let w = 0; w < words; w++) {
    const roll = d.float();
    if (roll < 0.012) {
      const index = ctx.member();
      parts.push(`<@${ctx.userId(index)}>`);
      if (!out.mentionUserIndices.includes(index)) out.mentionUserIndices.push(index);
    } else if (roll < 0.015 && ctx.roleIds.length > 0) {
      const role = d.pick(ctx.roleIds);
      parts.push(`<@&${role}>`);
      if (!out.mentionRoleIds.includes(role)) out.mentionRoleIds.push(role);
    } else if (roll < 0.02 && ctx.channelIds.length > 0) parts.push(`<#${d.pick(ctx.channelIds)}>`);
    else if (roll < 0.03 && ctx.emojis.length > 0) {
      const e = d.pick(ctx.emojis);
      parts.push(`<${e.animated ? 'a' : ''}:${e.name}:${e.id}>`);
    } else if (roll < 0.05) parts.push(d.pick(UNICODE_EMOJI));
    else if (roll < 0.054) parts.push(`\`${d.pick(WORDS)}()\``);
    else parts.push(d.pick(WORDS));
  }
  if (d.chance(0.05)) {
    const site = d.pick(LINK_SITES);
    const url = `https://${site.host}/${site.path}/${d.range(1000, 99999)}`;
    parts.push(url);
    if (d.chance(0.8)) out.embeds.push(linkEmbed(d, ctx, site, url));
  }
  if (d.chance(0.008)) parts.push(`https://discord.gg/${d.alnum(8)}`);
  if (d.chance(0.005)) parts.push(`<t:${Math.floor(ctx.timestampMs / 1000) + d.range(3600, 7 * 86400)}:R>`);
  out.content = parts.join(' ');
  return out;
}

function linkEmbed(d: Draws, ctx: TextContext, site: (typeof LINK_SITES)[number], url: string): APIEmbed {
  const width = 400;
  const height = 225;
  const proxied = `${ctx.cdnBase}/external/${ctx.channelId}/${ctx.messageId}/0/preview.png`;
  const thumbnail = { url: `https://${site.host}/preview/${d.range(1, 9999)}.png`, proxy_url: proxied, width, height };
  if (site.host === 'tenor.com')
    return {
      type: EmbedType.GIFV,
      url,
      provider: { name: site.provider, url: `https://${site.host}` },
      thumbnail,
      video: { url: `https://media.tenor.com/${d.alnum(12)}/clip.mp4`, width, height },
    };
  return {
    type: site.host === 'www.youtube.com' ? EmbedType.Video : EmbedType.Link,
    url,
    title: `${d.pick(WORDS)} ${d.pick(WORDS)} ${d.pick(WORDS)}`,
    description: Array.from({ length: 12 }, () => d.pick(WORDS)).join(' '),
    provider: { name: site.provider, url: `https://${site.host}` },
    thumbnail,
    color: d.int(0x1000000),
  };
}

/** The kind of embed a bot posts: title, description, fields, footer, author and timestamp. */
export function richEmbed(d: Draws, botName: string, timestamp: string): APIEmbed {
  return {
    type: EmbedType.Rich,
    title: `${d.pick(WORDS)} ${d.pick(WORDS)}`,
    description: Array.from({ length: d.range(5, 30) }, () => d.pick(WORDS)).join(' '),
    color: d.int(0x1000000),
    fields: Array.from({ length: d.range(0, 4) }, (_, i) => ({
      name: `${d.pick(WORDS)} ${i + 1}`,
      value: String(d.range(0, 5000)),
      inline: d.chance(0.6),
    })),
    footer: { text: `${botName} • ${d.pick(WORDS)}` },
    author: { name: botName },
    timestamp,
  };
}
