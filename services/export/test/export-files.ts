import { openDceJson } from '../src/model/dce-json-reader.js';
import type { ExportHeader, ExportMessage } from '../src/model/export-document.js';
import { openFileSink } from '../src/writers/file-sink.js';
import { JsonWriter } from '../src/writers/json-writer.js';
import { plainMessage, sampleHeader, utcOptions } from './export-fixtures.js';

/** Writes a DCE JSON export of `messages` to `path` with our writer. */
export async function writeJsonExport(
  path: string,
  messages: Iterable<ExportMessage>,
  header: ExportHeader = sampleHeader(),
): Promise<void> {
  const writer = new JsonWriter(await openFileSink(path), utcOptions);
  await writer.begin(header);
  for (const message of messages) await writer.write(message);
  await writer.end();
}

/** Snowflake ids in creation order, a second apart from 2021-07-19, with their timestamps. */
export function* generatedMessages(count: number, content = (i: number) => `Message number ${i}`) {
  const start = Date.UTC(2021, 6, 19);
  for (let i = 0; i < count; i++) {
    const time = start + i * 1000;
    const id = ((BigInt(time - 1420070400000) << 22n) + BigInt(i % 4096)).toString();
    yield plainMessage(id, content(i), new Date(time).toISOString().replace('Z', '+00:00'));
  }
}

/** Reads a whole DCE JSON export with our reader (for tests on small files). */
export async function readJsonExport(path: string): Promise<{ header: ExportHeader; messages: ExportMessage[] }> {
  const opened = await openDceJson(path);
  const messages: ExportMessage[] = [];
  for await (const message of opened.messages) messages.push(message);
  return { header: opened.header, messages };
}

/** DCE's partition limits as rules (src/options/partition-limit.ts parses `--partition` into these). */
export const atMessages = (count: number) => (messages: number) => messages >= count;
export const atBytes = (limit: number) => (_messages: number, bytes: number) => bytes >= limit;
