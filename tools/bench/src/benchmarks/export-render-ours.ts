import type { REST } from '@discordjs/rest';
import type { ExportHeader, ExportMessage } from '@platform/export/src/model/export-document.js';
import { isoAt } from '@platform/export/src/render/header-dates.js';
import { openFileWriter } from '@platform/export/src/writers/create-writer.js';
import type { ApiTarget } from './export-job.js';
import { BENCH_RENDER_OPTIONS, openChannelSource } from './export-source.js';

/** A channel's messages in our export model, and how to render them. */
export interface ModelInput {
  messages: ExportMessage[];
  /** Renders to `outPath`; resolves with the bytes written. */
  render(outPath: string): Promise<number>;
}

/** Reads the whole channel through our source (fetched, members resolved, converted), oldest first. */
export async function readForOurs(target: ApiTarget, rest: REST): Promise<ModelInput> {
  const source = await openChannelSource(target, rest, 'HtmlDark');
  const messages: ExportMessage[] = [];
  for await (const page of source.pages({})) messages.push(...page.messages);
  const header: ExportHeader = {
    guild: source.guild,
    channel: source.channel,
    dateRange: { after: null, before: null },
    exportedAt: isoAt(Date.now()),
  };
  return {
    messages,
    async render(outPath) {
      const writer = await openFileWriter('HtmlDark', outPath, BENCH_RENDER_OPTIONS);
      await writer.begin(header);
      for (const message of messages) await writer.write(message);
      await writer.end();
      return writer.bytesWritten;
    },
  };
}
