import type { APIAttachment } from 'discord-api-types/v10';
import { attachmentBytes } from './attachments.js';
import { type ImageFormat, image } from './media.js';
import { hash, kindOf } from './random.js';

const ASSET = kindOf('cdn-asset');

export interface CdnAsset {
  bytes: Uint8Array;
  contentType: string;
}

/** What the CDN looks up in the world. */
export interface CdnSource {
  /** Bytes uploaded with a message, by `{channel_id}/{attachment_id}`. */
  upload(channelId: string, attachmentId: string): CdnAsset | undefined;
  /** A generated attachment by its ids, if it exists. */
  generatedAttachment(channelId: string, attachmentId: string): APIAttachment | undefined;
  avatarHash(userId: string): string | null | undefined;
  guildIconHash(guildId: string): string | null | undefined;
  emojiExists(emojiId: string): boolean;
  stickerExists(stickerId: string): boolean;
}

const FORMATS: Record<string, { format: ImageFormat; contentType: string }> = {
  png: { format: 'png', contentType: 'image/png' },
  webp: { format: 'png', contentType: 'image/png' },
  jpg: { format: 'jpeg', contentType: 'image/jpeg' },
  jpeg: { format: 'jpeg', contentType: 'image/jpeg' },
  gif: { format: 'gif', contentType: 'image/gif' },
};

function picture(ext: string, size: number, key: string): CdnAsset | undefined {
  const f = FORMATS[ext];
  if (!f) return undefined;
  let h = ASSET;
  for (let i = 0; i < key.length; i++) h = hash(h, key.charCodeAt(i));
  return { bytes: image(f.format, size, size, h & 0xffffff), contentType: f.contentType };
}

/**
 * Serves a CDN path the way Discord's CDN lays them out: attachments, avatars, default avatars,
 * guild icons, emojis, stickers, and proxied embed images. Query strings (signatures, `size=`) are ignored.
 */
export function cdnAsset(source: CdnSource, path: string): CdnAsset | undefined {
  const clean = path.split('?')[0] ?? '';
  const parts = clean.split('/').filter((p) => p !== '');
  const [root, a, b, c] = parts;
  const fileOf = (name: string | undefined) => {
    const m = /^([^.]+)\.([a-z0-9]+)$/i.exec(name ?? '');
    return m ? { stem: m[1] ?? '', ext: (m[2] ?? '').toLowerCase() } : undefined;
  };
  switch (root) {
    case 'attachments': {
      if (parts.length !== 4 || !a || !b || !c) return undefined;
      const uploaded = source.upload(a, b);
      if (uploaded) return uploaded;
      const attachment = source.generatedAttachment(a, b);
      if (!attachment || attachment.filename !== decodeURIComponent(c)) return undefined;
      return { bytes: attachmentBytes(attachment), contentType: attachment.content_type ?? 'application/octet-stream' };
    }
    case 'avatars': {
      const file = fileOf(b);
      if (parts.length !== 3 || !a || !file) return undefined;
      const expected = source.avatarHash(a);
      return expected === file.stem ? picture(file.ext, 128, `${a}/${file.stem}`) : undefined;
    }
    case 'icons': {
      const file = fileOf(b);
      if (parts.length !== 3 || !a || !file) return undefined;
      return source.guildIconHash(a) === file.stem ? picture(file.ext, 128, `${a}/${file.stem}`) : undefined;
    }
    case 'embed': {
      const file = fileOf(b);
      if (a !== 'avatars' || parts.length !== 3 || !file || !/^[0-5]$/.test(file.stem)) return undefined;
      return picture(file.ext, 128, `default/${file.stem}`);
    }
    case 'emojis': {
      const file = fileOf(a);
      if (parts.length !== 2 || !file || !source.emojiExists(file.stem)) return undefined;
      return picture(file.ext, 48, `emoji/${file.stem}`);
    }
    case 'stickers': {
      const file = fileOf(a);
      if (parts.length !== 2 || !file || !source.stickerExists(file.stem)) return undefined;
      return picture(file.ext, 160, `sticker/${file.stem}`);
    }
    case 'external': {
      // Proxied embed images: /external/{channel}/{message}/{k}/{name}.png, as generated in link embeds.
      const file = fileOf(parts[4]);
      if (parts.length !== 5 || !file) return undefined;
      const f = FORMATS[file.ext];
      if (!f) return undefined;
      let h = ASSET;
      for (const ch of clean) h = hash(h, ch.charCodeAt(0));
      return { bytes: image(f.format, 400, 225, h & 0xffffff), contentType: f.contentType };
    }
    default:
      return undefined;
  }
}
