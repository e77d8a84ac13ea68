import { type Command, Option } from 'commander';
import { EXPORT_FORMATS } from '../options/export-format.js';
import { type ExportOptions, ExportOptionsError, parseExportOptions } from '../options/export-options.js';
import { CliError } from './cli-errors.js';

/** The boolean options of the export commands, which take `true`/`false` or nothing (boolean-args.ts). */
export const EXPORT_BOOLEAN_FLAGS = [
  '--reverse',
  '--markdown',
  '--media',
  '--reuse-media',
  '--utc',
  '--reaction-users',
];

/** What commander gives for the options added by {@link addFormatFlags} and {@link addExportFlags}. */
export interface ExportFlagValues {
  output?: string;
  format?: string[];
  after?: string;
  before?: string;
  partition?: string;
  filter?: string;
  reverse?: string;
  markdown?: string;
  locale?: string;
  utc?: string;
  media?: string;
  reuseMedia?: string;
  mediaDir?: string;
  parallel?: string;
  includeThreads?: string | true;
  incremental?: string | true;
  reactionUsers?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The options `render` shares with the export commands: what is written, and which messages. */
export function addFormatFlags(command: Command): Command {
  return command
    .option('-o, --output <path>', 'output file, directory or template (%G guild, %C channel, %c id, …)', './')
    .option(
      '-f, --format <formats>',
      `output formats, comma-separated or repeated, written in one pass: ${EXPORT_FORMATS.join(', ')}`,
      collect,
    )
    .option('--after <id|date>', 'only messages after this message id or date (exclusive)')
    .option('--before <id|date>', 'only messages before this message id or date (exclusive)')
    .option('-p, --partition <limit>', 'split files by message count (1000) or size (10mb)')
    .option('--filter <expression>', "only messages matching DiscordChatExporter's filter language")
    .option('--reverse [bool]', 'newest messages first')
    .option('--markdown [bool]', 'render markdown, mentions and timestamps (true by default)')
    .option('--locale <tag>', 'locale of dates, such as en-US or de-DE')
    .option('--utc [bool]', 'dates in UTC rather than the local time zone');
}

/** The options of the commands that export from Discord. */
export function addExportFlags(command: Command): Command {
  return addFormatFlags(command)
    .option('--media [bool]', 'download avatars, attachments, embed images, emoji and stickers')
    .option('--reuse-media [bool]', 'reuse media already downloaded (needs --media)')
    .option('--media-dir <path>', 'where media go (default: <output file>_Files/; needs --media)')
    .option('--parallel <n>', 'channels exported at once', '1')
    .option(
      '--reaction-users [bool]',
      'Json: the users of every reaction (one request per reaction, as DCE always does)',
    )
    .addOption(new Option('--include-threads [mode]', 'threads of the channels: none, active or all (alone: active)'))
    .addOption(
      new Option('--incremental [mode]', 'export only what is new since the last run of the same target').choices([
        'partition',
        'append',
      ]),
    );
}

/**
 * The export request of these flags, checked as the HTTP API checks it; a bad option names its flag.
 * `channelFlag` names where the ids came from (`--guild` for exportguild).
 */
export function exportOptionsFrom(
  values: ExportFlagValues,
  channels: readonly string[],
  channelFlag = '--channel',
): ExportOptions {
  const input: Record<string, unknown> = { channels };
  const copy = (key: keyof ExportFlagValues, target: string = key) => {
    if (values[key] !== undefined) input[target] = values[key];
  };
  if (values.format !== undefined) input.formats = values.format.join(',');
  for (const key of ['output', 'after', 'before', 'partition', 'filter', 'reverse', 'markdown'] as const) copy(key);
  for (const key of [
    'locale',
    'utc',
    'media',
    'reuseMedia',
    'mediaDir',
    'parallel',
    'includeThreads',
    'incremental',
  ] as const) {
    copy(key);
  }
  try {
    return parseExportOptions(input);
  } catch (error) {
    if (!(error instanceof ExportOptionsError)) throw error;
    const lines = error.issues.map((issue) => `  ${flagName(issue.field, channelFlag)}: ${issue.message}`);
    throw new CliError(`Invalid options:\n${lines.join('\n')}`);
  }
}

/** The command-line flag of a field of the export request (`reuseMedia` → `--reuse-media`). */
function flagName(field: string, channelFlag: string): string {
  if (field === '') return 'options';
  const [head = '', ...rest] = field.split('.');
  const flag =
    head === 'channels'
      ? channelFlag
      : `--${(head === 'formats' ? 'format' : head).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
  // exportguild and channels take one id, so it needs no number.
  return rest.length === 0 || flag !== '--channel' ? flag : `${flag} (value ${Number(rest[0]) + 1})`;
}
