import { describe, expect, it } from 'vitest';
import {
  InvalidPartitionLimitError,
  isPartitionFull,
  type PartitionLimit,
  parsePartitionLimit,
} from '../src/options/partition-limit.js';

describe('parsePartitionLimit', () => {
  it.each([
    ['1000', { kind: 'messages', count: 1000 }],
    [' 3 ', { kind: 'messages', count: 3 }],
    ['+7', { kind: 'messages', count: 7 }],
    ['10mb', { kind: 'bytes', bytes: 10_000_000 }],
    ['20 MB', { kind: 'bytes', bytes: 20_000_000 }],
    ['1.5gb', { kind: 'bytes', bytes: 1_500_000_000 }],
    ['1,5 GB', { kind: 'bytes', bytes: 1_500_000_000 }],
    ['1kb', { kind: 'bytes', bytes: 1000 }],
    ['500 Kb', { kind: 'bytes', bytes: 500_000 }],
    ['100b', { kind: 'bytes', bytes: 100 }],
    ['2.5 b', { kind: 'bytes', bytes: 2 }],
    ['5.mb', { kind: 'bytes', bytes: 5_000_000 }],
  ] satisfies [string, PartitionLimit][])('%j → %j', (text, limit) => {
    expect(parsePartitionLimit(text)).toEqual(limit);
  });

  it.each([
    ['10m', /expected a message count/],
    ['1tb', /unit must be b, kb, mb or gb/],
    ['10xb', /unit must be/],
    ['1,000', /expected a message count/],
    ['1e3', /expected a message count/],
    ['', /expected a message count/],
    ['0', /at least 1$/],
    ['-5', /at least 1$/],
    ['0kb', /at least 1 byte/],
    ['3000000000', /32 bits/],
  ])('refuses %j, naming the value', (text, reason) => {
    expect(() => parsePartitionLimit(text)).toThrow(InvalidPartitionLimitError);
    expect(() => parsePartitionLimit(text)).toThrow(`"${text}"`);
    expect(() => parsePartitionLimit(text)).toThrow(reason);
  });
});

describe('isPartitionFull', () => {
  it('starts a new file once the count is reached', () => {
    const limit = parsePartitionLimit('3');
    expect([0, 1, 2, 3, 4].map((messages) => isPartitionFull(limit, messages, 0))).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it('starts a new file once the bytes written reach the size, the preamble counting', () => {
    const limit = parsePartitionLimit('1kb');
    expect(isPartitionFull(limit, 1, 999)).toBe(false);
    expect(isPartitionFull(limit, 1, 1000)).toBe(true);
  });

  it('never calls a file without messages full, so each file holds one at least', () => {
    expect(isPartitionFull(parsePartitionLimit('1kb'), 0, 5000)).toBe(false);
    expect(isPartitionFull(parsePartitionLimit('1'), 0, 0)).toBe(false);
  });

  it("splits DCE's PartitioningSpecs the same: 8 messages by 3 → 3 files, by 1kb with a large preamble → 8", () => {
    const filesFor = (limit: PartitionLimit, preamble: number, perMessage: number): number[] => {
      const files: number[] = [];
      let messages = 0;
      let bytes = 0;
      for (let i = 0; i < 8; i++) {
        if (files.length === 0 || isPartitionFull(limit, messages, bytes)) {
          if (files.length > 0) files[files.length - 1] = messages;
          files.push(0);
          [messages, bytes] = [0, preamble];
        }
        messages++;
        bytes += perMessage;
      }
      files[files.length - 1] = messages;
      return files;
    };
    expect(filesFor(parsePartitionLimit('3'), 1500, 300)).toEqual([3, 3, 2]);
    expect(filesFor(parsePartitionLimit('1kb'), 1500, 300)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });
});
