import { describe, expect, it } from 'vitest';
import { CopyEncodingError, encodeCopyRow, encodeCopyValue } from '../src/index.js';

describe('COPY text format', () => {
  it('escapes the characters that end a field or a row, and backslash itself', () => {
    expect(encodeCopyValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(encodeCopyValue('\\N')).toBe('\\\\N');
  });

  it('writes null and undefined as \\N, but the empty string as itself', () => {
    expect(encodeCopyValue(null)).toBe('\\N');
    expect(encodeCopyValue(undefined)).toBe('\\N');
    expect(encodeCopyValue('')).toBe('');
  });

  it('writes dates as ISO times, objects as JSON, bytes as bytea hex', () => {
    expect(encodeCopyValue(new Date('2024-05-01T12:00:00Z'))).toBe('2024-05-01T12:00:00.000Z');
    expect(encodeCopyValue({ text: 'tab\there' })).toBe('{"text":"tab\\\\there"}');
    expect(encodeCopyValue([1, null])).toBe('[1,null]');
    expect(encodeCopyValue(Buffer.from([0, 255]))).toBe('\\\\x00ff');
    expect(encodeCopyValue(12n)).toBe('12');
    expect(encodeCopyValue(false)).toBe('f');
  });

  it('names the row and column of a value it cannot write', () => {
    expect(() => encodeCopyRow([1, new Date(Number.NaN)], ['id', 'at'], 7)).toThrow(
      expect.objectContaining({ name: 'CopyEncodingError', rowIndex: 7, column: 'at' }),
    );
    expect(() => encodeCopyRow([1], ['id', 'at'], 3)).toThrow(CopyEncodingError);
    expect(() => encodeCopyRow([() => 1], ['id'], 0)).toThrow(/row 0, column id: a function cannot be written/);
  });
});
