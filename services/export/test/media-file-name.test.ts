import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assetFileName, assetUrlHash, legacyAssetFileName, normalizeAssetUrl } from '../src/media/asset-file-name.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('normalizeAssetUrl', () => {
  it("drops the CDN's signature parameters and, as DCE, appends the rest of the query without its ?", () => {
    const signed = 'https://cdn.discordapp.com/attachments/1/2/photo.png?ex=65a1&is=6590&hm=abcdef&size=64';
    expect(normalizeAssetUrl(signed)).toBe('https://cdn.discordapp.com/attachments/1/2/photo.pngsize=64');
    expect(normalizeAssetUrl('https://CDN.discordapp.com/a/b.png?ex=1&is=2&hm=3')).toBe(
      'https://cdn.discordapp.com/a/b.png',
    );
  });

  it('leaves other hosts and unparsable URLs as they are', () => {
    const url = 'https://media.discordapp.net/a/b.png?ex=1&hm=2';
    expect(normalizeAssetUrl(url)).toBe(url);
    expect(normalizeAssetUrl('not a url')).toBe('not a url');
  });
});

describe('assetFileName', () => {
  it('is the name, 16 hex digits of the SHA-256 of the normalised URL, and the extension', () => {
    const url = 'https://cdn.discordapp.com/avatars/1/abc.png?size=128&ex=1&is=2&hm=3';
    const hash = sha('https://cdn.discordapp.com/avatars/1/abc.pngsize=128').slice(0, 16);
    expect(assetUrlHash(url)).toBe(hash);
    expect(assetFileName(url)).toBe(`abc-${hash}.png`);
  });

  it('gives a signed URL the same name whatever its signature', () => {
    const a = assetFileName('https://cdn.discordapp.com/attachments/1/2/file.txt?ex=aa&is=bb&hm=cc');
    const b = assetFileName('https://cdn.discordapp.com/attachments/1/2/file.txt?ex=dd&is=ee&hm=ff');
    expect(a).toBe(b);
    expect(assetFileName('https://other.example/file.txt?ex=aa')).not.toBe(
      assetFileName('https://other.example/file.txt?ex=dd'),
    );
  });

  it('cuts the name to 42 characters and keeps the extension', () => {
    const stem = 'x'.repeat(60);
    const name = assetFileName(`https://e.example/${stem}.jpeg`);
    expect(name).toMatch(/^x{42}-[0-9a-f]{16}\.jpeg$/);
  });

  it('treats a "extension" longer than 41 characters as part of the name (DCE #812)', () => {
    const url = `https://e.example/report.${'y'.repeat(45)}`;
    expect(assetFileName(url)).toMatch(/^report\.y{35}-[0-9a-f]{16}$/);
  });

  it('is the hash alone when the URL has no file name', () => {
    const url = 'https://e.example/folder/?q=1';
    expect(assetFileName(url)).toBe(assetUrlHash(url));
  });

  it('escapes characters no file name may hold', () => {
    expect(assetFileName('https://e.example/a:b*c.png')).toMatch(/^a_b_c-[0-9a-f]{16}\.png$/);
  });

  it('names the file as DCE before 2.47 did for --reuse-media to rename', () => {
    const url = 'https://cdn.discordapp.com/emojis/123.png';
    const legacy = sha('https://cdn.discordapp.com/emojis/123.png').slice(0, 5).toUpperCase();
    expect(legacyAssetFileName(url)).toBe(`123-${legacy}.png`);
  });
});
