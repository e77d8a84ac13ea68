import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DceJsonReadError, openDceJson } from '../src/model/dce-json-reader.js';
import { generatedMessages, readJsonExport, writeJsonExport } from './export-files.js';
import { plainMessage, richMessage, sampleHeader } from './export-fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'export-reader-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An excerpt of a real DCE export: local offsets, an unnamed kind, and fields older versions lack. */
const dceFile = `{
  "guild": { "id": "866458840245076028", "name": "Test", "iconUrl": "https://cdn.discordapp.com/embed/avatars/0.png" },
  "channel": { "id": "866674248747319326", "type": "GuildTextChat", "name": "general", "topic": "Dates" },
  "dateRange": { "after": "2021-07-24T02:00:00+02:00", "before": null },
  "messages": [
    {
      "id": "866674314627121232",
      "type": "19",
      "timestamp": "2021-07-19T15:34:18.187+02:00",
      "timestampEdited": null,
      "callEndedTimestamp": null,
      "isPinned": false,
      "content": "Hello world",
      "author": { "id": "128178626683338752", "name": "Tyrrrz", "discriminator": "0000", "nickname": "Tyrrrz",
        "color": null, "isBot": false, "avatarUrl": "https://cdn.discordapp.com/avatars/1/a.png" },
      "attachments": [],
      "embeds": [],
      "reactions": [ { "emoji": { "id": "", "name": "🙂", "code": "slight_smile", "isAnimated": false,
        "imageUrl": "https://twemoji/1f642.svg" }, "count": 3 } ],
      "mentions": []
    }
  ],
  "messageCount": 1
}`;

describe('openDceJson', () => {
  it('reads back exactly what JsonWriter wrote', async () => {
    const path = join(dir, 'round-trip.json');
    const written = [richMessage(), plainMessage('885169254029213697', 'Yeet'), { ...plainMessage('3', ''), type: 19 }];
    const header = sampleHeader({ dateRange: { after: '2021-07-24T00:00:00+00:00', before: null } });
    await writeJsonExport(path, written, header);
    const read = await readJsonExport(path);
    expect(read.header).toEqual(header);
    expect(read.messages).toEqual(written);
  });

  it('reads a real DCE export: offsets kept, a numbered kind as a number, missing parts filled in', async () => {
    const path = join(dir, 'dce.json');
    await writeFile(path, dceFile);
    const { header, messages } = await readJsonExport(path);
    expect(header.channel).toMatchObject({ categoryId: null, category: null, topic: 'Dates' });
    expect(header.dateRange.after).toBe('2021-07-24T02:00:00+02:00');
    expect(header.exportedAt).toBe('');
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message?.type).toBe(19);
    expect(message?.timestamp).toBe('2021-07-19T15:34:18.187+02:00');
    expect(message?.stickers).toEqual([]);
    expect(message?.inlineEmojis).toEqual([]);
    expect(message?.reactions[0]?.users).toEqual([]);
    expect(message?.reactions[0]?.emoji.name).toBe('🙂');
  });

  it('hands out messages in file order across many chunks', async () => {
    const path = join(dir, 'many.json');
    const written = [...generatedMessages(5000)];
    await writeJsonExport(path, written);
    const { messages } = await readJsonExport(path);
    expect(messages.map((m) => m.id)).toEqual(written.map((m) => m.id));
  });

  it('stops reading when the consumer stops', async () => {
    const path = join(dir, 'stop.json');
    await writeJsonExport(path, generatedMessages(5000));
    const opened = await openDceJson(path);
    let seen = 0;
    for await (const _ of opened.messages) if (++seen === 10) break;
    expect(seen).toBe(10);
  });

  it.each([
    ['not JSON', 'this is not json', /Cannot read .*not-json\.json/],
    ['an array', '[1, 2]', /not a JSON object/],
    ['no messages', '{ "guild": {}, "channel": {} }', /no "messages" array/],
    ['no header', '{ "messages": [] }', /no "guild" and "channel"/],
  ])('rejects %s with the file and the reason', async (_case, text, reason) => {
    const path = join(dir, 'not-json.json');
    await writeFile(path, text);
    const error = await openDceJson(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DceJsonReadError);
    expect((error as DceJsonReadError).path).toBe(path);
    expect(String(error)).toMatch(reason);
  });

  it('fails the iteration, not silently, when the file is cut off among the messages', async () => {
    const path = join(dir, 'cut.json');
    const text = dceFile.replace(/"mentions": \[\]\n {4}\}[\s\S]*$/, '"mentions": [');
    await writeFile(path, text);
    const opened = await openDceJson(path);
    await expect(
      (async () => {
        for await (const _ of opened.messages);
      })(),
    ).rejects.toBeInstanceOf(DceJsonReadError);
  });

  it('reports a missing file as a read error naming it', async () => {
    await expect(openDceJson(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json.*ENOENT/);
  });
});
