import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportChannel } from '../src/engine/export-channel.js';
import { openDceJson } from '../src/model/dce-json-reader.js';
import type { ExportMessage } from '../src/model/export-document.js';
import { parsePartitionLimit } from '../src/options/partition-limit.js';
import { DiscordChannelSource } from '../src/source/discord-channel-source.js';
import { dceJsonSchema, keyOrderViolations } from './dce-json-schema.js';
import { type SimExport, simHistory, startSimExport } from './discord-sim-harness.js';

const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(dceJsonSchema);

describe('simulator history to DCE JSON, end to end', () => {
  let sim: SimExport;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimExport();
    dir = await mkdtemp(join(tmpdir(), 'export-sim-'));
  });
  afterAll(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every message of the channel once, in order, across partitions, as DCE JSON', async () => {
    const general = sim.channel('general');
    const history = simHistory(sim.world, general.id);
    const options = { utc: true, markdown: true, locale: 'en-US' };
    const source = await DiscordChannelSource.open(sim.session(), general.id, { ...options, reactionUsers: true });
    const result = await exportChannel({
      source,
      outputs: [{ format: 'Json', path: join(dir, 'general.json') }],
      partition: parsePartitionLimit('70'),
      options,
    });
    const [json] = result.files;
    expect(json?.paths.length).toBe(Math.ceil(history.length / 70));

    const read: ExportMessage[] = [];
    for (const path of json?.paths ?? []) {
      const document: unknown = JSON.parse(await readFile(path, 'utf8'));
      expect(validate(document), JSON.stringify(validate.errors?.slice(0, 3), null, 2)).toBe(true);
      expect(keyOrderViolations(document)).toEqual([]);
      const file = await openDceJson(path);
      expect(file.header.channel).toMatchObject({ id: general.id, name: 'general', category: 'Text' });
      expect(file.header.guild.name).toBe('Export Guild');
      const inFile: ExportMessage[] = [];
      for await (const message of file.messages) inFile.push(message);
      expect((document as { messageCount: number }).messageCount).toBe(inFile.length);
      read.push(...inFile);
    }
    expect(read.map((m) => m.id)).toEqual(history.map((m) => m.id));
    expect(result.messages).toBe(history.length);
    const plain = history.filter((m) => m.type === 0 && !m.content.includes('<'));
    for (const message of plain) expect(read.find((m) => m.id === message.id)?.content).toBe(message.content);
    const reacted = history.find((m) => m.reactions?.length);
    expect(read.find((m) => m.id === reacted?.id)?.reactions[0]?.users.length).toBeGreaterThan(0);
  });
});
