import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportMessage } from '../src/model/export-document.js';
import { CsvWriter } from '../src/writers/csv-writer.js';
import type { RenderOptions } from '../src/writers/message-writer.js';
import { author, plainMessage, richMessage, utcOptions, writeWith } from './export-fixtures.js';

const writeCsv = (messages: ExportMessage[], options: RenderOptions = utcOptions) =>
  writeWith((sink, o) => new CsvWriter(sink, o), messages, options);

const savedZone = process.env.TZ;
afterEach(() => {
  process.env.TZ = savedZone;
});

describe('CsvWriter', () => {
  it('writes DCE’s header and one row per message that a CSV reader reads back field for field', async () => {
    const tricky = 'He said "hi, there"\nand left,\r\n"quoted" line, 🙂';
    const bot = { ...author, id: '42', name: 'Helper', discriminator: '1234', isBot: true };
    const messages = [richMessage(), { ...plainMessage('2', tricky), author: bot }, plainMessage('3', '')];
    const rows: string[][] = parse(await writeCsv(messages), { relaxQuotes: false });
    expect(rows[0]).toEqual(['AuthorID', 'Author', 'Date', 'Content', 'Attachments', 'Reactions']);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual([
      '128178626683338752',
      'tyrrrz',
      '2021-09-08T14:26:35.1234560+00:00',
      'Line one, with "quotes"\nline two 🙂 <b>&</b> \\ tab\there',
      'https://cdn/a/Test.txt,https://cdn/a/b,c.png',
      '🙂 (2),lemon_blush (1)',
    ]);
    expect(rows[2]).toEqual(['42', 'Helper#1234', '2021-07-19T13:34:18.1870000+00:00', tricky, '', '']);
    expect(rows[3]?.[3]).toBe('');
  });

  it('quotes every field of every row and doubles the quotes inside, as DCE’s CsvEncode does', async () => {
    const text = await writeCsv([plainMessage('7', 'a "b" c')]);
    const [header, row, end] = text.split('\n');
    expect(header).toBe('AuthorID,Author,Date,Content,Attachments,Reactions');
    expect(row).toBe('"128178626683338752","tyrrrz","2021-07-19T13:34:18.1870000+00:00","a ""b"" c","",""');
    expect(end).toBe('');
  });

  it('writes dates in .NET’s o format in the machine’s zone without --utc', async () => {
    process.env.TZ = 'Asia/Kolkata';
    const text = await writeCsv([plainMessage('7', 'x', '2021-07-19T13:34:18.187654+00:00')], {
      ...utcOptions,
      utc: false,
    });
    const rows: string[][] = parse(text);
    expect(rows[1]?.[2]).toBe('2021-07-19T19:04:18.1876540+05:30');
  });
});
