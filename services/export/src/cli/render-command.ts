import { parseFilter } from '../filter/parse-filter.js';
import { DceJsonReadError } from '../model/dce-json-reader.js';
import { isDirectory } from '../options/is-directory.js';
import { boundsOf } from '../options/option-bounds.js';
import { channelOutputs, OutputPathError } from '../options/output-path.js';
import { isPartitionFull } from '../options/partition-limit.js';
import { RenderOutputError, renderExport } from '../render/render-export.js';
import { CliError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';
import { defaultLocale } from './default-locale.js';
import { type ExportFlagValues, exportOptionsFrom } from './export-flags.js';

/**
 * `render` has no channel to name (it is read from the file), but checks its options with the same
 * schema as an export, which asks for one; this stands in for it.
 */
const NO_CHANNEL = ['0'];

/**
 * `render <input>`: re-renders a DCE JSON export (ours or DiscordChatExporter's) to the formats
 * asked for, with the bounds, filter, partitioning and order asked for, without Discord. The output
 * template is filled from the file's guild and channel.
 */
export async function runRender(input: string, values: ExportFlagValues, io: CliIo): Promise<void> {
  const options = exportOptionsFrom(values, NO_CHANNEL);
  const limit = options.partition;
  const bounds = boundsOf(options);
  const now = new Date();
  try {
    const result = await renderExport({
      input,
      outputs: (header) => channelOutputs(options.output, options, header, now, isDirectory),
      ...(options.filter === undefined ? {} : { filter: parseFilter(options.filter) }),
      bounds,
      ...(limit === undefined ? {} : { partition: (messages, bytes) => isPartitionFull(limit, messages, bytes) }),
      reverse: options.reverse,
      options: { locale: options.locale ?? defaultLocale(io.env), utc: options.utc, markdown: options.markdown },
    });
    io.out(`Rendered ${result.messages} message(s) from ${input}:\n`);
    for (const output of result.files) for (const path of output.paths) io.out(`  ${output.format}: ${path}\n`);
  } catch (error) {
    if (error instanceof DceJsonReadError || error instanceof RenderOutputError || error instanceof OutputPathError) {
      throw new CliError(error.message);
    }
    throw error;
  }
}
