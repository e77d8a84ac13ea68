import { describe, expect, it } from 'vitest';
import { DceJsonFormatError, DceJsonScanner } from '../src/model/dce-json-scanner.js';
import type { ExportMessage } from '../src/model/export-document.js';
import { plainMessage, richMessage, sampleHeader } from './export-fixtures.js';

/** Feeds `text` to a scanner in chunks of `size` bytes and collects what it gives. */
function scan(text: string, size: number) {
  const bytes = Buffer.from(text);
  const scanner = new DceJsonScanner();
  const messages: ExportMessage[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    scanner.push(bytes.subarray(i, i + size));
    messages.push(...scanner.take());
  }
  scanner.end();
  messages.push(...scanner.take());
  return { header: scanner.header, messages };
}

const tricky = [
  richMessage(),
  plainMessage('2', 'brackets } ] { [ and "quotes" and \\" escapes \\\\" and , commas'),
  plainMessage('3', 'ü🙂 multi-byte text split anywhere'),
];
const documentOf = (messages: ExportMessage[]) => ({ ...sampleHeader(), messages, messageCount: messages.length });

describe('DceJsonScanner', () => {
  it.each([1, 2, 7, 64, 1000, 1 << 20])('gives the same header and messages in chunks of %i bytes', (size) => {
    const text = JSON.stringify(documentOf(tricky), null, 2);
    const { header, messages } = scan(text, size);
    expect(header).toEqual(sampleHeader());
    expect(messages).toEqual(tricky);
  });

  it('reads compact JSON, a byte-order mark, scalar values and keys after the messages', () => {
    const text = `\uFEFF${JSON.stringify({ ...documentOf(tricky), extra: [1, { a: '}' }], flag: true })}`;
    expect(scan(text, 5).messages).toEqual(tricky);
  });

  it('reads an empty messages array', () => {
    expect(scan(JSON.stringify(documentOf([])), 3)).toEqual({ header: sampleHeader(), messages: [] });
  });

  it.each([
    ['a trailing comma', (t: string) => t.replace(/\}\n {2}\],/, '},\n  ],'), /not an object/],
    ['garbage between messages', (t: string) => t.replace('},\n    {', '} x {'), /expected "," or "]"/],
    [
      'a broken message',
      (t: string) => t.replace('"isPinned": false', '"isPinned": fals'),
      /message 2 is not valid JSON/,
    ],
    ['text after the document', (t: string) => `${t} {}`, /text after the end/],
    ['a missing colon', (t: string) => t.replace('"guild":', '"guild"'), /expected ":"/],
    ['a cut-off file', (t: string) => t.slice(0, -40), /ends early/],
  ])('rejects %s with the reason and the byte offset', (_case, damage, reason) => {
    const text = damage(JSON.stringify(documentOf(tricky), null, 2));
    let error: unknown;
    try {
      scan(text, 50);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DceJsonFormatError);
    expect((error as DceJsonFormatError).message).toMatch(reason);
    expect((error as DceJsonFormatError).byteOffset).toBeGreaterThanOrEqual(0);
  });

  it('names the byte where the skeleton breaks', () => {
    const text = '{"guild": {}, "channel": {} x';
    expect(() => scan(text, 4)).toThrow(`(at byte ${text.indexOf('x')})`);
  });
});
