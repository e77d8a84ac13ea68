import type { APIEmbed, APIEmbedImage, APIEmbedThumbnail, APIEmbedVideo } from 'discord-api-types/v10';
import type { ExportEmbed, ExportEmbedImage } from '../model/export-document.js';
import { inlineEmojis } from './convert-emoji.js';
import type { ConvertScope } from './convert-scope.js';
import { toHexColor } from './convert-user.js';
import { toExportDateOrNull } from './export-date.js';

type DiscordImage = APIEmbedImage | APIEmbedThumbnail | APIEmbedVideo;

/** An embed's image: the proxy URL (what `--media` downloads) as `url`, Discord's original as `canonicalUrl`. */
function toImage(image: DiscordImage): ExportEmbedImage {
  const exported: ExportEmbedImage = { width: image.width ?? null, height: image.height ?? null };
  if (image.url?.trim()) {
    exported.url = image.proxy_url ?? image.url;
    exported.canonicalUrl = image.url;
  }
  return exported;
}

const formatted = (text: string | undefined, scope: ConvertScope): string =>
  scope.markdown ? scope.text.format(text ?? '', scope) : (text ?? '');

/** One embed as DCE's JSON writes it; `extraImages` are those of the embeds merged into it. */
function toExportEmbed(embed: APIEmbed, extraImages: readonly APIEmbedImage[], scope: ConvertScope): ExportEmbed {
  const images = [...(embed.image ? [embed.image] : []), ...extraImages].map(toImage);
  const exported: ExportEmbed = {
    title: formatted(embed.title, scope),
    url: embed.url ?? null,
    timestamp: toExportDateOrNull(embed.timestamp, scope.utc),
    description: formatted(embed.description, scope),
    images,
    fields: (embed.fields ?? []).map((field) => ({
      name: formatted(field.name, scope),
      value: formatted(field.value, scope),
      isInline: field.inline ?? false,
    })),
    inlineEmojis: inlineEmojis(embed.description, scope.cdn),
  };
  const color = toHexColor(embed.color);
  if (color) exported.color = color;
  if (embed.author) {
    exported.author = { name: embed.author.name, url: embed.author.url ?? null };
    if (embed.author.icon_url?.trim()) {
      exported.author.iconUrl = embed.author.proxy_icon_url ?? embed.author.icon_url;
      exported.author.iconCanonicalUrl = embed.author.icon_url;
    }
  }
  if (embed.thumbnail) exported.thumbnail = toImage(embed.thumbnail);
  const [first] = images;
  if (first) exported.image = first;
  if (embed.video) exported.video = toImage(embed.video);
  if (embed.footer) {
    exported.footer = { text: embed.footer.text };
    if (embed.footer.icon_url?.trim()) {
      exported.footer.iconUrl = embed.footer.proxy_icon_url ?? embed.footer.icon_url;
      exported.footer.iconCanonicalUrl = embed.footer.icon_url;
    }
  }
  return exported;
}

/**
 * A message's embeds as DCE writes them. Discord sends a post with several images (Twitter's) as one
 * embed per image sharing a URL; like DCE, those that follow the first are folded into its `images`.
 */
export function toExportEmbeds(embeds: readonly APIEmbed[] | undefined, scope: ConvertScope): ExportEmbed[] {
  const exported: ExportEmbed[] = [];
  const list = embeds ?? [];
  for (let index = 0; index < list.length; index++) {
    const embed = list[index] as APIEmbed;
    const extra: APIEmbedImage[] = [];
    while (embed.url) {
      const next = list[index + 1];
      if (next?.url !== embed.url || !next.image) break;
      extra.push(next.image);
      index++;
    }
    exported.push(toExportEmbed(embed, extra, scope));
  }
  return exported;
}
