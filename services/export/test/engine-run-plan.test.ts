import { describe, expect, it } from 'vitest';
import { ExportStateMismatchError } from '../src/engine/export-errors.js';
import { exportIdentity } from '../src/engine/export-identity.js';
import { firstRun } from '../src/engine/export-state.js';
import { exportStatePaths } from '../src/engine/export-state-paths.js';
import { firstParts, nextBase, planRun, sourceRange } from '../src/engine/run-plan.js';
import { listSource } from './engine-sources.js';
import { utcOptions } from './export-fixtures.js';

const identity = exportIdentity({
  source: listSource([]),
  outputs: [
    { format: 'Json', path: 'out/c.json' },
    { format: 'Csv', path: 'out/c.csv' },
  ],
  options: utcOptions,
  incremental: 'partition',
});
const paths = exportStatePaths('out/c.json');
const base = { lastMessageId: '500', parts: [2, 1], journalBytes: 0, journalMessages: 0 };
const cursor = { version: 1 as const, identity, exportedAt: 'then', base };

describe('run plan', () => {
  it('starts the source after the later of the bound and what was handled', () => {
    expect(sourceRange({ after: '100', before: '900' }, '500')).toEqual({ after: '500', before: '900' });
    expect(sourceRange({ after: '700' }, '500')).toEqual({ after: '700' });
    expect(sourceRange({}, null)).toEqual({});
  });

  it('resumes a checkpoint before following the cursor, keeping its exportedAt', () => {
    const checkpoint = {
      version: 1 as const,
      identity,
      exportedAt: 'interrupted',
      base,
      lastSourceId: '650',
      journalBytes: 120,
      journalMessages: 3,
    };
    const plan = planRun({ identity, incremental: 'partition', paths, checkpoint, cursor, now: 'now' });
    expect(plan).toMatchObject({ resumed: true, exportedAt: 'interrupted', lastSourceId: '650', journalBytes: 120 });
    const next = planRun({ identity, incremental: 'partition', paths, checkpoint: undefined, cursor, now: 'now' });
    expect(next).toMatchObject({ resumed: false, exportedAt: 'now', lastSourceId: '500', journalBytes: 0 });
  });

  it('numbers a new partition on from the files a target has, and appended files from the first', () => {
    expect(firstParts('partition', base)).toEqual([2, 1]);
    expect(firstParts('append', base)).toEqual([0, 0]);
    const files = [
      { format: 'Json' as const, paths: ['a', 'b'] },
      { format: 'Csv' as const, paths: ['c'] },
    ];
    expect(nextBase('partition', base, '800', files, { bytes: 9, messages: 1 })).toEqual({
      lastMessageId: '800',
      parts: [4, 2],
      journalBytes: 0,
      journalMessages: 0,
    });
    expect(nextBase('append', firstRun(2), '800', files, { bytes: 9, messages: 1 })).toEqual({
      lastMessageId: '800',
      parts: [2, 1],
      journalBytes: 9,
      journalMessages: 1,
    });
  });

  it('refuses a cursor of another request, naming the fields for a person', () => {
    const other = { ...identity, filter: 'has:file', reverse: true };
    expect(() =>
      planRun({ identity: other, incremental: 'partition', paths, checkpoint: undefined, cursor, now: '' }),
    ).toThrow(new ExportStateMismatchError(paths.cursor, 'cursor', ['filter', 'reverse order']));
  });
});
