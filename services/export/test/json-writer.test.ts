import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { ExportMessage } from '../src/model/export-document.js';
import { JsonWriter } from '../src/writers/json-writer.js';
import { dceJsonSchema, keyOrder, keyOrderViolations } from './dce-json-schema.js';
import { MemorySink, plainMessage, richMessage, sampleHeader, utcOptions, writeWith } from './export-fixtures.js';

const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(dceJsonSchema);

const writeJson = (messages: ExportMessage[], options = utcOptions, header = sampleHeader()) =>
  writeWith((sink, o) => new JsonWriter(sink, o), messages, options, header);

/** The same object with its keys, at every level, in reverse order. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reversedKeys(item)]),
  ) as T;
}

describe('JsonWriter', () => {
  it('writes a document that DCE’s schema accepts, with messageCount the messages of the file', async () => {
    const document = JSON.parse(await writeJson([richMessage(), plainMessage('885169254029213697', 'Yeet')]));
    expect(validate(document), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(document.messageCount).toBe(2);
    expect(document.messages.map((m: ExportMessage) => m.id)).toEqual(['885169254029213696', '885169254029213697']);
  });

  it('writes every key in DCE’s order, whatever order the objects were built in', async () => {
    const messages = [richMessage(), plainMessage('885169254029213697', 'Yeet')].map(reversedKeys);
    const document = JSON.parse(await writeJson(messages, utcOptions, reversedKeys(sampleHeader())));
    expect(keyOrderViolations(document)).toEqual([]);
    expect(Object.keys(document.messages[0])).toEqual(keyOrder.message);
  });

  it('indents as Utf8JsonWriter does: two spaces, empty arrays as [], no trailing newline', async () => {
    const text = await writeJson([plainMessage('1', 'Hi')]);
    const user = [
      '{',
      '        "id": "128178626683338752",',
      '        "name": "tyrrrz",',
      '        "discriminator": "0000",',
      '        "nickname": "Tyrrrz",',
      '        "color": "#E91E63",',
      '        "isBot": false,',
      '        "roles": [',
      '          {',
      '            "id": "1",',
      '            "name": "Admin",',
      '            "color": "#E91E63",',
      '            "position": 3',
      '          }',
      '        ],',
      '        "avatarUrl": "https://cdn.discordapp.com/avatars/1/a.png"',
      '      }',
    ].join('\n');
    expect(text).toBe(
      [
        '{',
        '  "guild": {',
        '    "id": "866458840245076028",',
        '    "name": "Test Server — Ünïcode",',
        '    "iconUrl": "https://cdn.discordapp.com/icons/1/a.png"',
        '  },',
        '  "channel": {',
        '    "id": "866674248747319326",',
        '    "type": "GuildTextChat",',
        '    "categoryId": "866458840245076030",',
        '    "category": "Text Channels",',
        '    "name": "date-range",',
        '    "topic": null',
        '  },',
        '  "dateRange": {',
        '    "after": null,',
        '    "before": null',
        '  },',
        '  "exportedAt": "2025-01-02T03:04:05.678+00:00",',
        '  "messages": [',
        '    {',
        '      "id": "1",',
        '      "type": "Default",',
        '      "timestamp": "2021-07-19T13:34:18.187+00:00",',
        '      "timestampEdited": null,',
        '      "callEndedTimestamp": null,',
        '      "isPinned": false,',
        '      "content": "Hi",',
        `      "author": ${user},`,
        '      "attachments": [],',
        '      "embeds": [],',
        '      "stickers": [],',
        '      "reactions": [],',
        '      "mentions": [],',
        '      "inlineEmojis": []',
        '    }',
        '  ],',
        '  "messageCount": 1',
        '}',
      ].join('\n'),
    );
  });

  it('writes an empty export as a complete document', async () => {
    const text = await writeJson([]);
    expect(text.endsWith('"messages": [],\n  "messageCount": 0\n}')).toBe(true);
    expect(validate(JSON.parse(text))).toBe(true);
  });

  it('leaves non-ASCII and HTML characters as they are and escapes control characters as .NET does', async () => {
    const text = await writeJson([plainMessage('1', 'Ünï 🙂 <b>&</b> \'q\' "d" \\ \n\t\u0001\u001f')]);
    expect(text).toContain('"content": "Ünï 🙂 <b>&</b> \'q\' \\"d\\" \\\\ \\n\\t\\u0001\\u001F"');
    expect(text).toContain('"name": "Test Server — Ünïcode"');
    expect(JSON.parse(text).messages[0].content).toBe('Ünï 🙂 <b>&</b> \'q\' "d" \\ \n\t\u0001\u001f');
  });

  it('writes explicit nulls where DCE does and omits the optional parts a message lacks', async () => {
    const document = JSON.parse(await writeJson([plainMessage('1', 'x')]));
    const [message] = document.messages;
    expect(message).toHaveProperty('timestampEdited', null);
    expect(message).toHaveProperty('callEndedTimestamp', null);
    expect(document.channel).toHaveProperty('topic', null);
    for (const key of ['reference', 'forwardedMessage', 'interaction']) expect(message).not.toHaveProperty(key);
    expect(document.channel).not.toHaveProperty('iconUrl');
  });

  it('keeps an embed’s optional parts and drops the absent ones, as DCE does', async () => {
    const rich = richMessage();
    const [embed] = rich.embeds;
    if (!embed) throw new Error('fixture has an embed');
    const bare = { ...embed, color: undefined, author: undefined, footer: undefined, video: undefined };
    const document = JSON.parse(await writeJson([rich, { ...rich, id: '2', embeds: [bare] }]));
    expect(document.messages[0].embeds[0].video).toEqual({ width: null, height: null });
    expect(Object.keys(document.messages[1].embeds[0])).toEqual([
      'title',
      'url',
      'timestamp',
      'description',
      'thumbnail',
      'image',
      'images',
      'fields',
      'inlineEmojis',
    ]);
    expect(document.messages[0].reactions[0].users[0]).not.toHaveProperty('roles');
  });

  it('writes a kind DCE does not name as its number in a string, as .NET’s enum ToString does', async () => {
    const document = JSON.parse(await writeJson([{ ...plainMessage('1', ''), type: 19 }]));
    expect(document.messages[0].type).toBe('19');
  });

  it('converts dates to +00:00 with --utc and keeps their offset without it', async () => {
    const message = { ...plainMessage('1', ''), timestamp: '2021-07-19T15:34:18.1870000+02:00' };
    const header = sampleHeader({ dateRange: { after: '2021-07-24T02:00:00+02:00', before: null } });
    const utc = JSON.parse(await writeJson([message], utcOptions, header));
    expect(utc.messages[0].timestamp).toBe('2021-07-19T13:34:18.187+00:00');
    expect(utc.dateRange.after).toBe('2021-07-24T00:00:00+00:00');
    const kept = JSON.parse(await writeJson([message], { ...utcOptions, utc: false }, header));
    expect(kept.messages[0].timestamp).toBe('2021-07-19T15:34:18.1870000+02:00');
  });

  it('streams: the header goes out at begin and each message as it is written', async () => {
    const sink = new MemorySink();
    const writer = new JsonWriter(sink, utcOptions);
    await writer.begin(sampleHeader());
    expect(sink.text.endsWith('"messages": [')).toBe(true);
    await writer.write(plainMessage('111', 'first'));
    expect(sink.text).toContain('"id": "111"');
    const before = sink.text.length;
    await writer.write(plainMessage('222', 'second'));
    expect(sink.text.slice(before).startsWith(',\n    {')).toBe(true);
    expect(sink.closed).toBe(false);
    await writer.end();
    expect(sink.closed).toBe(true);
  });
});
