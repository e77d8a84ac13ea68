import { z } from 'zod';
import { FilterSyntaxError, parseFilterSyntax } from '../filter/parse-filter.js';
import type { ExportFormat } from '../writers/message-writer.js';
import { EXPORT_FORMATS, findExportFormat } from './export-format.js';
import { InvalidMessageBoundError, parseMessageBound } from './message-bound.js';
import { InvalidPartitionLimitError, type PartitionLimit, parsePartitionLimit } from './partition-limit.js';

/**
 * One export request, as the CLI and the HTTP API both take it, with DCE's option names and
 * defaults. The output is plain JSON that validates again unchanged (a job on the work queue is
 * checked where it is taken): dates become message ids, a partition value its limit, and the filter
 * stays its text, checked here and compiled with `parseFilter` where messages are read.
 */

const THREAD_INCLUSION = ['none', 'active', 'all'] as const;
export type ThreadInclusion = (typeof THREAD_INCLUSION)[number];

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

/** A boolean, also written as a word (`true`, `no`, `1`…) as a command line or a query string gives it. */
function flag(defaultValue: boolean) {
  return z
    .preprocess((value) => {
      if (typeof value !== 'string') return value;
      const word = value.trim().toLowerCase();
      return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : value;
    }, z.boolean())
    .default(defaultValue);
}

const snowflake = z.string().regex(/^\d{1,20}$/, 'expected an id: digits only, such as 866674248747319326');

/** One string or several, or one string of several separated by commas or spaces. */
const list = (value: unknown): unknown =>
  typeof value === 'string' ? value.split(/[\s,]+/).filter((item) => item !== '') : value;

const formats = z
  .preprocess(
    list,
    z
      .array(
        z.string().transform((name, context): ExportFormat => {
          const format = findExportFormat(name);
          if (format) return format;
          context.addIssue({
            code: 'custom',
            message: `unknown format "${name}": expected ${EXPORT_FORMATS.join(', ')}`,
          });
          return z.NEVER;
        }),
      )
      .min(1, 'expected at least one format'),
  )
  .transform((names) => [...new Set(names)])
  .refine((names) => !(names.includes('HtmlDark') && names.includes('HtmlLight')), {
    message: 'HtmlDark and HtmlLight cannot be written in one pass: both write the same .html file',
  })
  .default(['HtmlDark']);

/** `--after`/`--before`: a message id or a date, kept as the id. */
const bound = z.string().transform((text, context) => {
  try {
    return parseMessageBound(text).id;
  } catch (error) {
    if (!(error instanceof InvalidMessageBoundError)) throw error;
    context.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
});

const partitionLimit: z.ZodType<PartitionLimit> = z.union([
  z.object({ kind: z.literal('messages'), count: z.number().int().min(1) }),
  z.object({ kind: z.literal('bytes'), bytes: z.number().int().min(1) }),
]);

const partition = z.union([z.string(), z.number(), partitionLimit]).transform((value, context): PartitionLimit => {
  if (typeof value === 'object') return value;
  try {
    return parsePartitionLimit(String(value));
  } catch (error) {
    if (!(error instanceof InvalidPartitionLimitError)) throw error;
    context.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
});

/** `--filter`: checked here, so a bad filter is refused with its position before any work starts. */
const filter = z.string().superRefine((source, context) => {
  try {
    parseFilterSyntax(source);
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    context.addIssue({ code: 'custom', message: error.message, params: { position: error.position } });
  }
});

const locale = z.string().transform((tag, context) => {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim());
    if (canonical) return canonical;
  } catch {
    // Reported below with the tag.
  }
  context.addIssue({ code: 'custom', message: `"${tag}" is not a locale: expected a tag such as en-US or de-DE` });
  return z.NEVER;
});

/** DCE's converter: no value or `true` means active threads, `false` none. */
const includeThreads = z
  .preprocess((value) => {
    if (value === true) return 'active';
    if (value === false) return 'none';
    if (typeof value !== 'string') return value;
    const word = value.trim().toLowerCase();
    return word === '' || word === 'true' ? 'active' : word === 'false' ? 'none' : word;
  }, z.enum(THREAD_INCLUSION))
  .default('none');

const INCREMENTAL_MODES = ['partition', 'append'] as const;

/** `--incremental`: alone it means a new partition, as a flag without a value gives true. */
const incremental = z.preprocess(
  (value) =>
    value === true || value === '' ? 'partition' : typeof value === 'string' ? value.trim().toLowerCase() : value,
  z.enum(INCREMENTAL_MODES),
);

export const exportOptionsSchema = z
  .object({
    /** Channels, threads or categories (a category stands for its channels). */
    channels: z.preprocess(list, z.array(snowflake).min(1, 'expected at least one channel id')),
    /** Every format is written in the same pass over the messages. */
    formats,
    /** Output file, directory or template (`%G/%C.html`); see output-path.ts. */
    output: z.string().min(1, 'expected a path').default('./'),
    after: bound.optional(),
    before: bound.optional(),
    partition: partition.optional(),
    filter: filter.optional(),
    media: flag(false),
    reuseMedia: flag(false),
    mediaDir: z.string().min(1, 'expected a path').optional(),
    /** For dates shown to people; the machine's locale when absent. */
    locale: locale.optional(),
    utc: flag(false),
    /** Channels exported at once. */
    parallel: z.coerce.number<unknown>().int('expected a whole number').min(1, 'expected 1 or more').default(1),
    includeThreads,
    markdown: flag(true),
    reverse: flag(false),
    /** Only what is new since the last run of the same target: as a new partition, or appended. */
    incremental: incremental.optional(),
    /**
     * The users of every reaction, in Json (DCE always fetches them): one request per reaction and emoji
     * of every message, which under Discord's limit on that route makes a channel's export many times slower.
     */
    reactionUsers: flag(false),
  })
  .superRefine((options, context) => {
    // DCE's own checks (#425), named by field.
    if (options.reuseMedia && !options.media) {
      context.addIssue({ code: 'custom', path: ['reuseMedia'], message: 'reuseMedia cannot be used without media' });
    }
    if (options.mediaDir !== undefined && !options.media) {
      context.addIssue({ code: 'custom', path: ['mediaDir'], message: 'mediaDir cannot be used without media' });
    }
    if (
      options.after !== undefined &&
      options.before !== undefined &&
      BigInt(options.after) >= BigInt(options.before)
    ) {
      context.addIssue({ code: 'custom', path: ['before'], message: 'before must be later than after' });
    }
  });

/** A validated export request. */
export type ExportOptions = z.output<typeof exportOptionsSchema>;
/** An export request as a person writes it (strings for dates and sizes, formats in any case). */
export type ExportOptionsInput = z.input<typeof exportOptionsSchema>;

/** One reason an export request was refused: the field (`channels.1`, `filter`) and why. */
export interface ExportOptionIssue {
  field: string;
  message: string;
}

/** An export request with bad fields; each issue names its field. */
export class ExportOptionsError extends Error {
  constructor(readonly issues: readonly ExportOptionIssue[]) {
    super(
      `Invalid export options: ${issues.map((issue) => `${issue.field || '(request)'}: ${issue.message}`).join('; ')}`,
    );
    this.name = 'ExportOptionsError';
  }
}

/** The request validated, or an {@link ExportOptionsError} naming every bad field. */
export function parseExportOptions(input: unknown): ExportOptions {
  const result = exportOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ExportOptionsError(
    result.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })),
  );
}

/** Whether an export fetches the users of each reaction: asked for, and only Json writes them. */
export function fetchesReactionUsers(options: Pick<ExportOptions, 'reactionUsers' | 'formats'>): boolean {
  return options.reactionUsers && options.formats.includes('Json');
}
