import { deflateSync } from 'node:zlib';
import { mix32 } from './random.js';

/**
 * Real, decodable images and deterministic filler bytes for the CDN. Images are single-colour so
 * they stay cheap at any size; each is padded (with a chunk, segment or block the format ignores)
 * to exactly the byte size its attachment declares, because clients check downloads against `size`.
 */

export type ImageFormat = 'png' | 'jpeg' | 'gif';

/** Largest encoded image (before padding) of the given format and dimensions, so declared sizes can cover it. */
export function imageSizeBound(format: ImageFormat, width: number, height: number): number {
  switch (format) {
    case 'png':
      return 1024 + Math.ceil((height * (1 + Math.ceil(width / 8))) / 64);
    case 'jpeg':
      return 1024 + Math.ceil(width / 8) * Math.ceil(height / 8);
    case 'gif':
      return 1024 + Math.ceil((width * height * 9) / 16) + Math.ceil((width * height) / 400);
  }
}

/** An image of one colour (RGB), padded to `size` bytes when that is larger than the encoding. */
export function image(format: ImageFormat, width: number, height: number, rgb: number, size?: number): Uint8Array {
  switch (format) {
    case 'png':
      return png(width, height, rgb, size);
    case 'jpeg':
      return padTail(jpeg(width, height, rgb), size);
    case 'gif':
      return gif(width, height, rgb, size);
  }
}

/**
 * Deterministic bytes of a given length starting with `magic` (so `file` and browsers recognise
 * the type): xorshift output keyed by `key`.
 */
export function fillerBytes(size: number, key: number, magic: Uint8Array = new Uint8Array()): Uint8Array {
  const out = new Uint8Array(size);
  const words = new Uint32Array(out.buffer, 0, Math.floor(size / 4));
  let x = mix32(key) || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  for (let i = words.length * 4; i < size; i++) out[i] = i & 0xff;
  out.set(magic.subarray(0, size));
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A 1-bit palette PNG: one row of zero bits repeated, which deflate shrinks to almost nothing. */
function png(width: number, height: number, rgb: number, size?: number): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([1, 3, 0, 0, 0], 8); // bit depth 1, palette, deflate, no filter, no interlace
  const palette = new Uint8Array([(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff]);
  const raw = new Uint8Array(height * (1 + Math.ceil(width / 8)));
  const chunks = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('PLTE', palette),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
  ];
  const end = pngChunk('IEND', new Uint8Array());
  const used = chunks.reduce((n, c) => n + c.length, end.length);
  // A private ancillary chunk ("paDg") is skipped by every decoder; it needs 12 bytes of framing.
  if (size !== undefined && size >= used + 12) chunks.push(pngChunk('paDg', new Uint8Array(size - used - 12)));
  chunks.push(end);
  return concat(chunks);
}

/** Appends zero bytes: decoders stop at the end marker (JPEG EOI). */
function padTail(bytes: Uint8Array, size?: number): Uint8Array {
  if (size === undefined || size <= bytes.length) return bytes;
  const out = new Uint8Array(size);
  out.set(bytes);
  return out;
}

/** Standard luminance Huffman tables of the JPEG specification (Annex K): code counts per length, then symbols. */
const DC_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_SYMBOLS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_COUNTS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
// biome-ignore format: a table
const AC_SYMBOLS = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32,
  0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16,
  0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45,
  0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
  0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94,
  0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6,
  0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8,
  0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
  0xf9, 0xfa,
];

/** Canonical Huffman codes from counts and symbols: symbol → [code, length]. */
function huffmanCodes(counts: number[], symbols: number[]): Map<number, [number, number]> {
  const codes = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  counts.forEach((count, i) => {
    for (let j = 0; j < count; j++) codes.set(symbols[k++] ?? 0, [code++, i + 1]);
    code <<= 1;
  });
  return codes;
}

const DC_CODES = huffmanCodes(DC_COUNTS, DC_SYMBOLS);
const AC_CODES = huffmanCodes(AC_COUNTS, AC_SYMBOLS);

/**
 * A baseline greyscale JPEG of one shade: every 8×8 block has only a DC coefficient, so the scan
 * is the first block's DC value and then "no change, end of block" (6 bits) per block.
 */
function jpeg(width: number, height: number, rgb: number): Uint8Array {
  const grey = Math.round(0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff));
  const segments: number[] = [0xff, 0xd8];
  const segment = (marker: number, data: number[]) =>
    segments.push(0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data);
  segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]); // JFIF 1.1
  segment(0xdb, [0, ...new Array<number>(64).fill(1)]); // quantisation table 0: all ones
  segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  segment(0xc4, [0x00, ...DC_COUNTS, ...DC_SYMBOLS]);
  segment(0xc4, [0x10, ...AC_COUNTS, ...AC_SYMBOLS]);
  segment(0xda, [1, 1, 0x00, 0, 63, 0]);

  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const scan = new Uint8Array(blocks + 16);
  let length = 0;
  let acc = 0;
  let bits = 0;
  const put = (value: number, count: number) => {
    for (let i = count - 1; i >= 0; i--) {
      acc = (acc << 1) | ((value >> i) & 1);
      if (++bits === 8) {
        scan[length++] = acc;
        if (acc === 0xff) scan[length++] = 0; // byte stuffing
        acc = 0;
        bits = 0;
      }
    }
  };
  const eob = AC_CODES.get(0) ?? [0, 0];
  const zero = DC_CODES.get(0) ?? [0, 0];
  const dc = 8 * (grey - 128);
  const category = dc === 0 ? 0 : Math.floor(Math.log2(Math.abs(dc))) + 1;
  const first = DC_CODES.get(category) ?? [0, 0];
  put(first[0], first[1]);
  if (category > 0) put(dc > 0 ? dc : dc + (1 << category) - 1, category);
  put(eob[0], eob[1]);
  for (let b = 1; b < blocks; b++) {
    put(zero[0], zero[1]);
    put(eob[0], eob[1]);
  }
  if (bits > 0) put(0xff, 8 - bits); // pad with one bits
  return concat([new Uint8Array(segments), scan.subarray(0, length), new Uint8Array([0xff, 0xd9])]);
}

/**
 * A GIF of one colour. LZW output is kept at 3-bit codes by a clear code before every two pixels,
 * which needs no dictionary and is valid for every decoder.
 */
function gif(width: number, height: number, rgb: number, size?: number): Uint8Array {
  const head = [
    ...Array.from('GIF89a', (c) => c.charCodeAt(0)),
    width & 0xff,
    width >> 8,
    height & 0xff,
    height >> 8,
    0x81, // global colour table of 4 entries (2 bits)
    0,
    0,
    (rgb >> 16) & 0xff,
    (rgb >> 8) & 0xff,
    rgb & 0xff,
    ...new Array<number>(9).fill(0),
    0x2c,
    0,
    0,
    0,
    0,
    width & 0xff,
    width >> 8,
    height & 0xff,
    height >> 8,
    0,
    2, // LZW minimum code size: clear = 4, end = 5
  ];
  const pixels = width * height;
  const data = new Uint8Array(Math.ceil(((Math.ceil(pixels / 2) * 3 + pixels * 3 + 3) / 8) * 1) + 1);
  let length = 0;
  let acc = 0;
  let bits = 0;
  const put = (code: number) => {
    acc |= code << bits;
    bits += 3;
    while (bits >= 8) {
      data[length++] = acc & 0xff;
      acc >>= 8;
      bits -= 8;
    }
  };
  for (let p = 0; p < pixels; p++) {
    if (p % 2 === 0) put(4);
    put(0);
  }
  put(5);
  if (bits > 0) data[length++] = acc & 0xff;
  const blocks: number[] = [];
  for (let i = 0; i < length; i += 255) {
    const n = Math.min(255, length - i);
    blocks.push(n, ...data.subarray(i, i + n));
  }
  blocks.push(0);
  const body = concat([new Uint8Array(head), new Uint8Array(blocks)]);
  const trailer = new Uint8Array([0x3b]);
  if (size === undefined || size < body.length + 1 + 5) return concat([body, trailer]);
  return concat([body, commentExtension(size - body.length - 1), trailer]);
}

/** A GIF comment extension of exactly `total` bytes (at least 5), which decoders skip. */
function commentExtension(total: number): Uint8Array {
  const out = new Uint8Array(total);
  out[0] = 0x21;
  out[1] = 0xfe;
  let at = 2;
  let left = total - 3; // bytes for sub-blocks, before the terminator
  while (left > 0) {
    // A sub-block is a length byte and 1–255 bytes; never leave a single byte, which cannot form one.
    let take = Math.min(256, left);
    if (left - take === 1) take--;
    out[at] = take - 1;
    at += take;
    left -= take;
  }
  out[at] = 0;
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
