import { snowflakeTime } from '@platform/discord';
import type { ExportOutput } from '../engine/export-request.js';
import type { ExportChannel, ExportGuild } from '../model/export-document.js';
import type { ExportFormat } from '../writers/message-writer.js';
import { formatExtension } from './export-format.js';
import type { ExportOptions } from './export-options.js';
import { boundsOf } from './option-bounds.js';
import { pathExtension } from './path-extension.js';

/** What an output path template is filled from. */
export interface OutputPathContext {
  guild: Pick<ExportGuild, 'id' | 'name'>;
  /** `categoryId`/`category` are the parent: a category, or a thread's channel. */
  channel: Pick<ExportChannel, 'id' | 'name' | 'categoryId' | 'category'>;
  /** The channel's position among its siblings, normalised to 0…n by API position then id (`%p`). */
  channelPosition?: number;
  /** The parent's position, normalised likewise (`%P`). */
  parentPosition?: number;
  format: ExportFormat;
  /** `--after`/`--before` as message ids. */
  after?: string;
  before?: string;
  /** Today, for `%d`. */
  now: Date;
  /** Dates in UTC rather than the machine's zone, in which DCE writes them. */
  utc?: boolean;
  /** Whether a path is an existing directory; none is by default. The only I/O, so it is passed in. */
  isExistingDirectory?: (path: string) => boolean;
}

/** An output path that cannot serve the export asked for. */
export class OutputPathError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${reason}. Output path: "${path}"`);
    this.name = 'OutputPathError';
  }
}

/** Characters no file name may hold on Windows, where archives often end up: these and C0 controls. */
const INVALID_FILE_NAME_CHARS = new Set('"*/:<>?\\|');

/** DCE's PathEx.EscapeFileName, with Windows' set of invalid characters, each becoming `_`. */
export function escapeFileName(name: string): string {
  let escaped = '';
  for (const char of name) escaped += char < ' ' || INVALID_FILE_NAME_CHARS.has(char) ? '_' : char;
  return escaped;
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** `yyyy-MM-dd` of the instant an id was created, in the machine's zone (as DCE) or UTC. */
function idDate(id: string, utc: boolean | undefined): string {
  return dayOf(new Date(snowflakeTime(id)), utc);
}

function dayOf(date: Date, utc: boolean | undefined): string {
  return utc
    ? `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
    : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function placeholder(token: string, context: OutputPathContext): string {
  const { guild, channel } = context;
  switch (token) {
    case '%g':
      return guild.id;
    case '%G':
      return guild.name;
    case '%t':
      return channel.categoryId ?? '';
    case '%T':
      return channel.category ?? '';
    case '%c':
      return channel.id;
    case '%C':
      return channel.name;
    case '%p':
      return String(context.channelPosition ?? 0);
    case '%P':
      return String(context.parentPosition ?? 0);
    case '%a':
      return context.after === undefined ? '' : idDate(context.after, context.utc);
    case '%b':
      return context.before === undefined ? '' : idDate(context.before, context.utc);
    case '%d':
      return dayOf(context.now, context.utc);
    case '%%':
      return '%';
    default:
      return token;
  }
}

/**
 * DCE's FormatPath: `%g`/`%G` guild id/name, `%t`/`%T` parent id/name, `%c`/`%C` channel id/name,
 * `%p`/`%P` channel/parent position, `%a`/`%b` after/before date and `%d` today (`yyyy-MM-dd`),
 * `%%` a percent sign. Any other `%x` stays. Each substitution is escaped as a file name, so a
 * channel called `a/b` makes no directory.
 */
export function formatPathTemplate(template: string, context: OutputPathContext): string {
  return template.replace(/%[^\n]/gu, (token) => escapeFileName(placeholder(token, context)));
}

/**
 * DCE's default file name: `Guild - Parent - Channel [id] (A to B).ext`, without the parent part
 * when there is none and with `(after A)`, `(before B)` or no date part, escaped as a whole.
 */
export function defaultFileName(context: OutputPathContext): string {
  const { guild, channel, after, before, utc } = context;
  let name = guild.name;
  if (channel.category !== null) name += ` - ${channel.category}`;
  name += ` - ${channel.name} [${channel.id}]`;
  if (after !== undefined && before !== undefined) name += ` (${idDate(after, utc)} to ${idDate(before, utc)})`;
  else if (after !== undefined) name += ` (after ${idDate(after, utc)})`;
  else if (before !== undefined) name += ` (before ${idDate(before, utc)})`;
  return escapeFileName(`${name}.${formatExtension(context.format)}`);
}

function joinPath(directory: string, name: string): string {
  if (directory === '') return name;
  return directory.endsWith('/') ? `${directory}${name}` : `${directory}/${name}`;
}

/**
 * The file one channel is exported to (its first partition), as DCE's GetOutputBaseFilePath: the
 * template filled in; when that is an existing directory or has no file extension (`out/`,
 * `exports/%G`), the default file name inside it.
 */
export function resolveOutputPath(template: string, context: OutputPathContext): string {
  const path = formatPathTemplate(template, context);
  const isDirectory = context.isExistingDirectory?.(path) === true || pathExtension(path).trim() === '';
  return isDirectory ? joinPath(path, defaultFileName(context)) : path;
}

/**
 * The file of each format written in one pass. Formats must not share a file: a template naming
 * one file, or both HTML themes in one directory, is refused before anything is written.
 */
export function resolveOutputPaths(
  template: string,
  context: Omit<OutputPathContext, 'format'>,
  formats: readonly ExportFormat[],
): Map<ExportFormat, string> {
  const paths = new Map<ExportFormat, string>();
  for (const format of formats) {
    const path = resolveOutputPath(template, { ...context, format });
    const clash = [...paths].find(([, other]) => other === path);
    if (clash) throw new OutputPathError(path, `The formats ${clash[0]} and ${format} would write the same file`);
    paths.set(format, path);
  }
  return paths;
}

/**
 * Each format's first file for one channel of an export request, from `template` (the request's output,
 * or that inside a job's folder) with the request's bounds and zone; `now` fills `%d`.
 */
export function channelOutputs(
  template: string,
  options: Pick<ExportOptions, 'formats' | 'after' | 'before' | 'utc'>,
  { guild, channel }: Pick<OutputPathContext, 'guild' | 'channel'>,
  now: Date,
  isExistingDirectory: (path: string) => boolean,
): ExportOutput[] {
  const context = { guild, channel, ...boundsOf(options), now, utc: options.utc, isExistingDirectory };
  const paths = resolveOutputPaths(template, context, options.formats);
  return [...paths].map(([format, path]) => ({ format, path }));
}

/**
 * DCE's `--media-dir`: the same placeholders as the output path, or `<output file>_Files/` beside
 * the export when none is given.
 */
export function resolveMediaDir(
  template: string | undefined,
  outputFilePath: string,
  context: OutputPathContext,
): string {
  return template === undefined || template.trim() === ''
    ? `${outputFilePath}_Files/`
    : formatPathTemplate(template, context);
}

/**
 * DCE's name for partition `index` (0-based): the first keeps the path, the next ones are
 * `name [part 2].ext`, `name [part 3].ext`, …
 */
export function partitionPath(basePath: string, index: number): string {
  if (index <= 0) return basePath;
  const extension = pathExtension(basePath);
  return `${basePath.slice(0, basePath.length - extension.length)} [part ${index + 1}]${extension}`;
}

/**
 * DCE's guard for exports of several channels: the output must be a template (contain `%`), an
 * existing directory or end with `/`, or every channel would overwrite the same file.
 */
export function assertOutputFitsChannels(
  template: string,
  channelCount: number,
  isExistingDirectory: (path: string) => boolean = () => false,
): void {
  if (channelCount <= 1 || template.includes('%') || template.endsWith('/') || isExistingDirectory(template)) return;
  throw new OutputPathError(
    template,
    'Attempted to export multiple channels, but the output path is neither a directory nor a template. ' +
      'If the output path is meant to be a directory, make sure it ends with a slash',
  );
}
