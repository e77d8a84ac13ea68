import { describe, expect, it } from 'vitest';
import { createWriter } from '../src/writers/create-writer.js';
import type { ExportFormat } from '../src/writers/message-writer.js';
import { plainMessage, writeWith } from './export-fixtures.js';

describe('createWriter', () => {
  it.each([
    ['Json', '"messageCount": 1'],
    ['Csv', 'AuthorID,Author,Date,Content,Attachments,Reactions'],
    ['PlainText', 'Exported 1 message(s)'],
    ['HtmlDark', 'theme-dark'],
    ['HtmlLight', 'theme-light'],
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
});
