import { afterEach, describe, expect, it } from 'vitest';
import type { ExportHeader, ExportMessage } from '../src/model/export-document.js';
import type { RenderOptions } from '../src/writers/message-writer.js';
import { PlainTextWriter } from '../src/writers/plain-text-writer.js';
import { plainMessage, richMessage, sampleHeader, utcOptions, writeWith } from './export-fixtures.js';

const writeText = (
  messages: ExportMessage[],
  options: RenderOptions = utcOptions,
  header: ExportHeader = sampleHeader(),
) => writeWith((sink, o) => new PlainTextWriter(sink, o), messages, options, header);

const rule = '='.repeat(62);
const savedZone = process.env.TZ;
afterEach(() => {
  process.env.TZ = savedZone;
});

describe('PlainTextWriter', () => {
  it('writes DCE’s preamble, messages and footer', async () => {
    const text = await writeText([plainMessage('1', 'Hello world'), { ...plainMessage('2', ''), isPinned: true }]);
    expect(text).toBe(
      [
        rule,
        'Guild: Test Server — Ünïcode',
        'Channel: Text Channels / date-range',
        rule,
        '',
        '[7/19/2021 1:34 PM] tyrrrz',
        'Hello world',
        '',
        '',
        '[7/19/2021 1:34 PM] tyrrrz (pinned)',
        '',
        '',
        '',
        rule,
        'Exported 2 message(s)',
        rule,
        '',
      ].join('\n'),
    );
  });

  it('shows the topic and the date bounds when the export has them', async () => {
    const header = sampleHeader({
      channel: { ...sampleHeader().channel, category: null, topic: 'About dates' },
      dateRange: { after: '2021-07-24T00:00:00+00:00', before: '2021-08-01T00:00:00+00:00' },
    });
    const text = await writeText([], utcOptions, header);
    expect(text.split('\n').slice(0, 7)).toEqual([
      rule,
      'Guild: Test Server — Ünïcode',
      'Channel: date-range',
      'Topic: About dates',
      'After: 7/24/2021 12:00 AM',
      'Before: 8/1/2021 12:00 AM',
      rule,
    ]);
    expect(text).toContain('Exported 0 message(s)');
  });

  it('writes the forwarded message, attachment, embed, sticker and reaction blocks in DCE’s order', async () => {
    const text = await writeText([richMessage()]);
    const body = text.split(`${rule}\n\n`)[1]?.split(rule)[0];
    expect(body).toBe(
      [
        '[9/8/2021 2:26 PM] tyrrrz (pinned)',
        'Line one, with "quotes"',
        'line two 🙂 <b>&</b> \\ tab\there',
        '',
        '{Forwarded Message}',
        '¯\\_(ツ)_/¯',
        'Originally sent: 12/28/2025 10:52 PM',
        '',
        '{Attachments}',
        'https://cdn/a/Test.txt',
        'https://cdn/a/b,c.png',
        '',
        '{Embed}',
        'Embed author',
        'https://example.com',
        'Embed title',
        '**Embed** _description_ 🙂',
        'Field 1',
        'Value 1',
        'Field 2',
        'Value "2"',
        'https://t/p.png',
        'https://i/p.png',
        'Footer text',
        '',
        '{Stickers}',
        'https://cdn/s/1.png',
        '',
        '{Reactions}',
        '🙂 (2) lemon_blush',
        '',
        '',
      ].join('\n'),
    );
  });

  it('formats dates and counts in the requested locale', async () => {
    const messages = Array.from({ length: 1234 }, (_, i) => plainMessage(String(i + 1), 'x'));
    const text = await writeText(messages, { ...utcOptions, locale: 'de-DE' });
    expect(text).toContain('[19.07.2021 13:34] tyrrrz');
    expect(text).toContain('Exported 1.234 message(s)');
  });

  it('shows dates in the machine’s zone without --utc', async () => {
    process.env.TZ = 'America/New_York';
    const text = await writeText([plainMessage('1', 'x')], { ...utcOptions, utc: false });
    expect(text).toContain('[7/19/2021 9:34 AM] tyrrrz');
  });
});
