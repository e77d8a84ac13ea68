import type { APIAttachment } from 'discord-api-types/v10';
import { fillerBytes, type ImageFormat, image, imageSizeBound } from './media.js';
import { type Draws, hash, kindOf } from './random.js';
import { FILE_STEMS } from './vocabulary.js';

const BYTES = kindOf('attachment-bytes');

interface AttachmentKind {
  ext: string;
  contentType: string;
  image?: ImageFormat;
  video?: boolean;
  /** Share of generated attachments of this kind. */
  weight: number;
  minSize: number;
  maxSize: number;
  /** Leading bytes that identify the format. */
  magic: number[];
}

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** Every kind of file an exporter must handle: images of each format, video, audio and plain files. */
const KINDS: AttachmentKind[] = [
  { ext: 'png', contentType: 'image/png', image: 'png', weight: 28, minSize: 20_000, maxSize: 2_500_000, magic: [] },
  { ext: 'jpg', contentType: 'image/jpeg', image: 'jpeg', weight: 28, minSize: 30_000, maxSize: 3_000_000, magic: [] },
  { ext: 'gif', contentType: 'image/gif', image: 'gif', weight: 8, minSize: 50_000, maxSize: 3_000_000, magic: [] },
  {
    ext: 'mp4',
    contentType: 'video/mp4',
    video: true,
    weight: 8,
    minSize: 300_000,
    maxSize: 8_000_000,
    magic: [0, 0, 0, 0x18, ...ascii('ftypmp42')],
  },
  {
    ext: 'webm',
    contentType: 'video/webm',
    video: true,
    weight: 2,
    minSize: 200_000,
    maxSize: 6_000_000,
    magic: [0x1a, 0x45, 0xdf, 0xa3],
  },
  { ext: 'mp3', contentType: 'audio/mpeg', weight: 5, minSize: 100_000, maxSize: 5_000_000, magic: ascii('ID3') },
  { ext: 'ogg', contentType: 'audio/ogg', weight: 3, minSize: 50_000, maxSize: 3_000_000, magic: ascii('OggS') },
  {
    ext: 'pdf',
    contentType: 'application/pdf',
    weight: 6,
    minSize: 20_000,
    maxSize: 2_000_000,
    magic: ascii('%PDF-1.7\n'),
  },
  {
    ext: 'zip',
    contentType: 'application/zip',
    weight: 4,
    minSize: 10_000,
    maxSize: 5_000_000,
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  { ext: 'txt', contentType: 'text/plain; charset=utf-8', weight: 8, minSize: 200, maxSize: 20_000, magic: [] },
];
const TOTAL_WEIGHT = KINDS.reduce((n, k) => n + k.weight, 0);

const IMAGE_SIZES: [number, number][] = [
  [1920, 1080],
  [1280, 720],
  [1080, 1350],
  [800, 600],
  [640, 640],
  [2048, 1536],
];
const GIF_SIZES: [number, number][] = [
  [498, 280],
  [320, 240],
  [480, 270],
];
const VIDEO_SIZES: [number, number][] = [
  [1920, 1080],
  [1280, 720],
  [720, 1280],
];

/** Path of an attachment on the CDN, as Discord shapes it. */
export function attachmentPath(channelId: string, attachmentId: string, filename: string): string {
  return `/attachments/${channelId}/${attachmentId}/${filename}`;
}

/** A generated attachment: a kind drawn by weight, a plausible name, declared size and dimensions. */
export function generateAttachment(
  d: Draws,
  id: string,
  channelId: string,
  cdnBase: string,
  stamp: number,
): APIAttachment {
  let roll = d.int(TOTAL_WEIGHT);
  let kind = KINDS[0] as AttachmentKind;
  for (const k of KINDS) {
    if (roll < k.weight) {
      kind = k;
      break;
    }
    roll -= k.weight;
  }
  const filename = `${d.pick(FILE_STEMS)}_${String(stamp % 100_000).padStart(5, '0')}.${kind.ext}`;
  const dims =
    kind.image === 'gif'
      ? d.pick(GIF_SIZES)
      : kind.image
        ? d.pick(IMAGE_SIZES)
        : kind.video
          ? d.pick(VIDEO_SIZES)
          : undefined;
  const floor =
    kind.image && dims ? Math.max(kind.minSize, imageSizeBound(kind.image, dims[0], dims[1])) : kind.minSize;
  const size = floor + Math.floor(d.float() ** 3 * (kind.maxSize - floor));
  const url = `${cdnBase}${attachmentPath(channelId, id, filename)}`;
  const attachment: APIAttachment = { id, filename, size, url, proxy_url: url, content_type: kind.contentType };
  if (dims) {
    attachment.width = dims[0];
    attachment.height = dims[1];
  }
  if (d.chance(0.05)) attachment.description = 'A picture from the weekend';
  return attachment;
}

/** The bytes a generated attachment declares: a real image of its dimensions, or typed filler, of exactly `size` bytes. */
export function attachmentBytes(attachment: APIAttachment): Uint8Array {
  const key = hash(BYTES, Number(BigInt(attachment.id) & 0xffffffffn), Number(BigInt(attachment.id) >> 32n));
  const kind = KINDS.find((k) => k.contentType === attachment.content_type);
  if (kind?.image && attachment.width && attachment.height)
    return image(kind.image, attachment.width, attachment.height, key & 0xffffff, attachment.size);
  if (kind?.ext === 'txt') return textBytes(attachment.size, key);
  return fillerBytes(attachment.size, key, new Uint8Array(kind?.magic ?? []));
}

function textBytes(size: number, key: number): Uint8Array {
  const line = new TextEncoder().encode(`log line ${key.toString(16)}: everything is fine\n`);
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = line[i % line.length] ?? 0x20;
  return out;
}
