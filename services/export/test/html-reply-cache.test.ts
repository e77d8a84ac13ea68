import { describe, expect, it } from 'vitest';
import { ReplyCache } from '../src/writers/html/reply-cache.js';
import { plainMessage } from './export-fixtures.js';

describe('ReplyCache', () => {
  it('holds no more than its capacity, dropping the least recently used', () => {
    const cache = new ReplyCache(3);
    for (let id = 1; id <= 100; id++) cache.remember(plainMessage(String(id), `message ${id}`));
    expect(cache.size).toBe(3);
    expect(cache.find('97')).toBeUndefined();
    expect(cache.find('98')?.content).toBe('message 98');
    // 98 was just used, so 99 is now the oldest.
    cache.remember(plainMessage('101', 'x'));
    expect(cache.find('99')).toBeUndefined();
    expect(cache.find('98')).toBeDefined();
  });

  it('keeps only the start of a long message', () => {
    const cache = new ReplyCache(1);
    cache.remember(plainMessage('1', 'x'.repeat(100_000)));
    expect(cache.find('1')?.content.length).toBeLessThan(1000);
  });
});
