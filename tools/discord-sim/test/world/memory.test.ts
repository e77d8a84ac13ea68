import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.js';

// Exposes V8's collector without a command-line flag, so the heap can be measured settled.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function settledHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('constant memory', () => {
  it('pages through a million-message channel with small heap growth', () => {
    const { world, channel, guildId } = fixture('large');
    const firehose = channel('firehose').id;
    expect(world.messageCount(firehose)).toBe(1_000_000);
    const start = settledHeap();
    let peak = start;
    let count = 0;
    let before: string | undefined;
    let previous = Number.POSITIVE_INFINITY;
    for (;;) {
      const page = world.messages(firehose, before ? { before, limit: 100 } : { limit: 100 });
      if (page.length === 0) break;
      count += page.length;
      const last = page.at(-1);
      const time = Date.parse(last?.timestamp ?? '');
      expect(time).toBeLessThan(previous);
      previous = time;
      before = last?.id;
      if (count % 200_000 === 0) peak = Math.max(peak, settledHeap());
    }
    expect(count).toBe(1_000_000);
    const growth = Math.max(peak, settledHeap()) - start;
    expect(growth).toBeLessThan(50 * 1024 * 1024);
    // The 100k-member guild is as cheap: a page of members is computed, not stored.
    expect(world.members(guildId, { limit: 1000 })).toHaveLength(1000);
  }, 60_000);
});
