import { snowflakeAt } from '@platform/discord';
import { describe, expect, it } from 'vitest';
import {
  type ExportOptionIssue,
  ExportOptionsError,
  exportOptionsSchema,
  fetchesReactionUsers,
  parseExportOptions,
} from '../src/options/export-options.js';

function issues(input: unknown): ExportOptionIssue[] {
  try {
    parseExportOptions(input);
  } catch (error) {
    if (error instanceof ExportOptionsError) return [...error.issues];
    throw error;
  }
  throw new Error('the options were accepted');
}

const channels = ['866674248747319326'];

describe('parseExportOptions', () => {
  it("fills in DCE's defaults", () => {
    expect(parseExportOptions({ channels })).toEqual({
      channels,
      formats: ['HtmlDark'],
      output: './',
      media: false,
      reuseMedia: false,
      utc: false,
      parallel: 1,
      includeThreads: 'none',
      markdown: true,
      reverse: false,
      reactionUsers: false,
    });
  });

  it('normalises what a person writes into values that validate again unchanged', () => {
    const options = parseExportOptions({
      channels: '866674248747319326, 866744075033641020',
      formats: 'json,CSV json',
      output: 'exports/%G/%C/',
      after: '2021-07-24T00:00:00Z',
      before: '885169254029213696',
      partition: '10mb',
      filter: 'from:Tyrrrz has:image',
      media: 'true',
      reuseMedia: true,
      mediaDir: 'media/',
      locale: 'de-de',
      utc: 'yes',
      parallel: '4',
      includeThreads: 'ALL',
      markdown: 'false',
      reverse: '1',
      reactionUsers: 'on',
    });
    expect(options).toEqual({
      channels: ['866674248747319326', '866744075033641020'],
      formats: ['Json', 'Csv'],
      output: 'exports/%G/%C/',
      after: snowflakeAt(Date.UTC(2021, 6, 24)),
      before: '885169254029213696',
      partition: { kind: 'bytes', bytes: 10_000_000 },
      filter: 'from:Tyrrrz has:image',
      media: true,
      reuseMedia: true,
      mediaDir: 'media/',
      locale: 'de-DE',
      utc: true,
      parallel: 4,
      includeThreads: 'all',
      markdown: false,
      reverse: true,
      reactionUsers: true,
    });
    expect(parseExportOptions(JSON.parse(JSON.stringify(options)))).toEqual(options);
  });

  it("reads --include-threads as DCE's converter: no value or true is active, false none", () => {
    const threads = (value: unknown) => parseExportOptions({ channels, includeThreads: value }).includeThreads;
    expect([threads(''), threads(true), threads('true'), threads(false), threads('False'), threads('active')]).toEqual([
      'active',
      'active',
      'active',
      'none',
      'none',
      'active',
    ]);
  });

  it('reads --incremental alone as a new partition, and refuses a mode it does not know', () => {
    const mode = (value: unknown) => parseExportOptions({ channels, incremental: value }).incremental;
    expect(mode(true)).toBe('partition');
    expect(mode(' Append ')).toBe('append');
    expect(parseExportOptions({ channels }).incremental).toBeUndefined();
    expect(() => mode('merge')).toThrow(/incremental/);
  });

  it('fetches reaction users only when asked and only for Json', () => {
    const fetches = (input: Record<string, unknown>) =>
      fetchesReactionUsers(parseExportOptions({ channels, ...input }));
    expect(fetches({ formats: 'Json' })).toBe(false);
    expect(fetches({ formats: 'Json,HtmlDark', reactionUsers: 'true' })).toBe(true);
    expect(fetches({ formats: 'HtmlDark', reactionUsers: true })).toBe(false);
  });

  it('takes a message count as a number', () => {
    expect(parseExportOptions({ channels, partition: 1000 }).partition).toEqual({ kind: 'messages', count: 1000 });
  });

  it('names the field of each bad value', () => {
    const found = issues({
      channels: ['12a'],
      formats: ['Json', 'Pdf'],
      after: 'yesterday',
      partition: '10m',
      filter: 'from:a well-known',
      locale: 'not a locale!',
      parallel: 0,
      includeThreads: 'some',
      markdown: 'maybe',
    });
    const byField = new Map(found.map((issue) => [issue.field, issue.message]));
    expect([...byField.keys()].sort()).toEqual(
      [
        'after',
        'channels.0',
        'filter',
        'formats.1',
        'includeThreads',
        'locale',
        'markdown',
        'parallel',
        'partition',
      ].sort(),
    );
    expect(byField.get('channels.0')).toMatch(/expected an id/);
    expect(byField.get('formats.1')).toMatch(
      /unknown format "Pdf": expected HtmlDark, HtmlLight, PlainText, Json, Csv/,
    );
    expect(byField.get('after')).toMatch(/Invalid message bound "yesterday"/);
    expect(byField.get('partition')).toMatch(/Invalid partition limit "10m"/);
    expect(byField.get('filter')).toMatch(/Invalid filter at position 11: expected an operator/);
    expect(byField.get('locale')).toMatch(/"not a locale!" is not a locale/);
  });

  it('gives the filter error position as an issue parameter as well', () => {
    const result = exportOptionsSchema.safeParse({ channels, filter: '(a' });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((candidate) => candidate.path[0] === 'filter');
    expect(issue?.message).toContain('position 2');
    expect(issue?.code === 'custom' && issue.params).toEqual({ position: 2 });
  });

  it('refuses DCE’s impossible combinations, by field', () => {
    expect(issues({ channels, reuseMedia: true })).toEqual([
      { field: 'reuseMedia', message: 'reuseMedia cannot be used without media' },
    ]);
    expect(issues({ channels, mediaDir: 'm/' })).toEqual([
      { field: 'mediaDir', message: 'mediaDir cannot be used without media' },
    ]);
    expect(issues({ channels, after: '2021-08-01Z', before: '2021-07-01Z' })).toEqual([
      { field: 'before', message: 'before must be later than after' },
    ]);
    expect(issues({ channels, formats: ['HtmlDark', 'HtmlLight'] })[0]?.field).toBe('formats');
  });

  it('requires channels and at least one format', () => {
    expect(issues({}).map((issue) => issue.field)).toEqual(['channels']);
    expect(issues({ channels: [] })[0]).toEqual({ field: 'channels', message: 'expected at least one channel id' });
    expect(issues({ channels, formats: [] })[0]).toEqual({ field: 'formats', message: 'expected at least one format' });
  });

  it('lists every issue in the error message', () => {
    expect(() => parseExportOptions({ channels: [], parallel: 'x' })).toThrow(
      /^Invalid export options: channels: expected at least one channel id; parallel: /,
    );
  });
});
