import { inflateSync } from 'node:zlib';
import type { APIAttachment } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.js';

const f = fixture('demo');
const general = f.channel('general').id;

function attachments(): APIAttachment[] {
  const out: APIAttachment[] = [];
  for (let before: string | undefined; ; ) {
    const page = f.world.messages(general, before ? { before, limit: 100 } : { limit: 100 });
    if (page.length === 0) return out;
    out.push(...page.flatMap((m) => m.attachments));
    before = page.at(-1)?.id;
  }
}

const pathOf = (url: string) => new URL(url).pathname;

/** Checks a PNG's chunk CRCs and that its image data inflates to the size its header declares. */
function checkPng(bytes: Uint8Array): { width: number; height: number } {
  const buf = Buffer.from(bytes);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    expect(buf.readUInt32BE(at + 8 + length)).toBe(crc32(buf.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + Math.ceil(width / 8)));
  return { width, height };
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('CDN', () => {
  const all = attachments();

  it('serves each generated attachment with exactly its declared size and type', () => {
    const kinds = new Map<string, APIAttachment>();
    for (const a of all) if (a.content_type && !kinds.has(a.content_type)) kinds.set(a.content_type, a);
    expect(kinds.size).toBeGreaterThanOrEqual(8);
    for (const a of kinds.values()) {
      expect(a.url.startsWith(`http://cdn.test/attachments/${general}/${a.id}/`)).toBe(true);
      const asset = f.world.cdnAsset(pathOf(a.url));
      expect(asset?.bytes.length).toBe(a.size);
      expect(asset?.contentType).toBe(a.content_type);
    }
  });

  it('serves real images matching the declared dimensions', () => {
    const png = all.find((a) => a.content_type === 'image/png');
    const bytes = f.world.cdnAsset(pathOf(png?.url ?? ''))?.bytes ?? new Uint8Array();
    expect(checkPng(bytes)).toEqual({ width: png?.width, height: png?.height });
    const jpeg = all.find((a) => a.content_type === 'image/jpeg');
    const jpegBytes = Buffer.from(f.world.cdnAsset(pathOf(jpeg?.url ?? ''))?.bytes ?? []);
    expect([...jpegBytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const sof = jpegBytes.indexOf(Buffer.from([0xff, 0xc0]));
    expect([jpegBytes.readUInt16BE(sof + 7), jpegBytes.readUInt16BE(sof + 5)]).toEqual([jpeg?.width, jpeg?.height]);
    expect(jpegBytes.indexOf(Buffer.from([0xff, 0xd9]))).toBeGreaterThan(sof);
    const gif = all.find((a) => a.content_type === 'image/gif');
    const gifBytes = Buffer.from(f.world.cdnAsset(pathOf(gif?.url ?? ''))?.bytes ?? []);
    expect(gifBytes.toString('latin1', 0, 6)).toBe('GIF89a');
    expect([gifBytes.readUInt16LE(6), gifBytes.readUInt16LE(8)]).toEqual([gif?.width, gif?.height]);
    expect(gifBytes.at(-1)).toBe(0x3b);
  });

  it('serves avatars, emojis, stickers and guild icons; nothing else', () => {
    const user = f.world.members(f.guildId, { limit: 50 }).find((m) => m.user.avatar)?.user;
    const avatar = f.world.cdnAsset(`/avatars/${user?.id}/${user?.avatar}.png?size=128`);
    expect(avatar?.contentType).toBe('image/png');
    checkPng(avatar?.bytes ?? new Uint8Array());
    expect(f.world.cdnAsset(`/avatars/${user?.id}/0000.png`)).toBeUndefined();
    const guild = f.world.guild(f.guildId);
    expect(f.world.cdnAsset(`/emojis/${guild?.emojis[0]?.id}.png`)?.contentType).toBe('image/png');
    expect(f.world.cdnAsset(`/emojis/${guild?.emojis[0]?.id}.gif`)?.contentType).toBe('image/gif');
    expect(f.world.cdnAsset(`/stickers/${guild?.stickers?.[0]?.id}.png`)).toBeDefined();
    expect(f.world.cdnAsset(`/icons/${f.guildId}/${guild?.icon}.png`)).toBeDefined();
    expect(f.world.cdnAsset('/embed/avatars/3.png')).toBeDefined();
    expect(f.world.cdnAsset('/emojis/1.png')).toBeUndefined();
    expect(f.world.cdnAsset(`/attachments/${general}/1/x.png`)).toBeUndefined();
    const a = all[0];
    expect(f.world.cdnAsset(`/attachments/${general}/${a?.id}/other-name.png`)).toBeUndefined();
  });

  it('follows a CDN base URL set later', () => {
    const g = fixture();
    g.world.cdnBaseUrl = 'http://127.0.0.1:9999/cdn';
    const generated = g.world.messages(g.channel('general').id, { limit: 100 });
    expect(JSON.stringify(generated)).not.toContain('cdn.test');
  });
});
