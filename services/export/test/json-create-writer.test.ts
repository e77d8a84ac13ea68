import { describe, expect, it } from 'vitest';
import { createWriter, UnsupportedFormatError } from '../src/writers/create-writer.js';
import type { ExportFormat } from '../src/writers/message-writer.js';
import { MemorySink, plainMessage, utcOptions, writeWith } from './export-fixtures.js';

describe('createWriter', () => {
  it.each([
    ['Json', '"messageCount": 1'],
    ['Csv', 'AuthorID,Author,Date,Content,Attachments,Reactions'],
    ['PlainText', 'Exported 1 message(s)'],
  ] as const)('gives the %s writer, which writes its own format', async (format, mark) => {
    let made: ExportFormat | undefined;
    const text = await writeWith(
      (sink, options) => {
        const writer = createWriter(format, sink, options);
        made = writer.format;
        return writer;
      },
      [plainMessage('1', 'x')],
    );
    expect(made).toBe(format);
    expect(text).toContain(mark);
  });

  it.each(['HtmlDark', 'HtmlLight'] as ExportFormat[])(
    'names %s as not available until the HTML writer is wired',
    (format) => {
      expect(() => createWriter(format, new MemorySink(), utcOptions)).toThrow(UnsupportedFormatError);
      expect(() => createWriter(format, new MemorySink(), utcOptions)).toThrow(format);
    },
  );
});
