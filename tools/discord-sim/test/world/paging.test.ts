import type { APITextChannel } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { snowflake, snowflakeMs } from '../../src/world/snowflake.js';
import { caught, fixture, singleChannel } from './fixtures.js';

const N = 5000;
const { world, channel } = fixture(singleChannel(N));
const big = channel('big').id;
const ids = (page: { id: string }[]) => page.map((m) => m.id);
const descending = (list: string[]) => list.every((id, i) => i === 0 || BigInt(list[i - 1] ?? '0') > BigInt(id));

describe('message paging, as Discord does it', () => {
  it('returns the newest 50 by default, newest first', () => {
    const page = world.messages(big, {});
    expect(page).toHaveLength(50);
    expect(descending(ids(page))).toBe(true);
    expect(page[0]?.id).toBe((world.channel(big) as APITextChannel).last_message_id);
    expect(world.messageCount(big)).toBe(N);
  });

  it('rejects a limit outside 1–100 and a malformed bound', () => {
    expect(caught(() => world.messages(big, { limit: 0 })).code).toBe(50035);
    expect(caught(() => world.messages(big, { limit: 101 })).code).toBe(50035);
    expect(caught(() => world.messages(big, { before: 'abc' })).code).toBe(50035);
    expect(world.messages(big, { limit: 1 })).toHaveLength(1);
    expect(world.messages(big, { limit: 100 })).toHaveLength(100);
  });

  it('treats before and after as exclusive bounds', () => {
    const newest = ids(world.messages(big, { limit: 100 }));
    const pivot = newest[40] ?? '';
    const before = ids(world.messages(big, { before: pivot, limit: 10 }));
    expect(before).toEqual(newest.slice(41, 51));
    const after = ids(world.messages(big, { after: pivot, limit: 10 }));
    expect(after).toEqual(newest.slice(30, 40));
  });

  it('centres around on the message, which it includes', () => {
    const newest = ids(world.messages(big, { limit: 100 }));
    const pivot = newest[50] ?? '';
    const around = ids(world.messages(big, { around: pivot, limit: 10 }));
    expect(around).toEqual(newest.slice(45, 55));
    expect(around).toContain(pivot);
    expect(ids(world.messages(big, { around: pivot, limit: 1 }))).toEqual([pivot]);
  });

  it('accepts bounds that are not message ids (dates as snowflakes)', () => {
    const newest = world.messages(big, { limit: 2 });
    const [a, b] = newest;
    if (!a || !b) throw new Error('empty');
    const between = snowflake(snowflakeMs(b.id) + 1);
    expect(ids(world.messages(big, { before: between, limit: 1 }))).toEqual([b.id]);
    expect(ids(world.messages(big, { after: between, limit: 1 }))).toEqual([a.id]);
    expect(world.messages(big, { before: '0' })).toEqual([]);
    expect(world.messages(big, { after: snowflake(Date.parse('2030-01-01T00:00:00Z')) })).toEqual([]);
  });

  it('yields every message exactly once, in order, paging backwards with before', () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = world.messages(big, before ? { before, limit: 100 } : { limit: 100 });
      if (page.length === 0) break;
      seen.push(...ids(page));
      before = page.at(-1)?.id;
    }
    expect(seen).toHaveLength(N);
    expect(new Set(seen).size).toBe(N);
    expect(descending(seen)).toBe(true);
  });

  it('yields every message exactly once, in order, paging forwards with after', () => {
    const seen: string[] = [];
    let after = '0';
    for (;;) {
      const page = world.messages(big, { after, limit: 100 });
      if (page.length === 0) break;
      expect(descending(ids(page))).toBe(true);
      seen.push(...ids(page).reverse());
      after = page[0]?.id ?? '';
    }
    expect(seen).toHaveLength(N);
    expect(new Set(seen).size).toBe(N);
    expect(descending([...seen].reverse())).toBe(true);
  });

  it('orders ids by time and keeps timestamps inside the history span', () => {
    const page = world.messages(big, { after: '0', limit: 100 });
    for (const m of page) expect(Date.parse(m.timestamp)).toBe(snowflakeMs(m.id));
    const end = Date.parse('2026-01-01T00:00:00Z');
    expect(Date.parse(world.messages(big, { limit: 1 })[0]?.timestamp ?? '')).toBeLessThan(end);
  });

  it('finds any message by id', () => {
    const newest = world.messages(big, { limit: 100 });
    for (const m of newest.slice(0, 20)) expect(world.message(big, m.id)).toEqual(m);
    expect(world.message(big, '12345')).toBeUndefined();
  });

  it('pages live messages after the history', () => {
    const f = fixture(singleChannel(300));
    const channelId = f.channel('big').id;
    const authorId = f.world.bots[0]?.user.id ?? '';
    const created = [1, 2, 3].map((n) => f.world.createMessage(channelId, authorId, { content: `live ${n}` }).id);
    expect(ids(f.world.messages(channelId, { limit: 3 }))).toEqual([...created].reverse());
    const lastHistory = f.world.messages(channelId, { before: created[0], limit: 1 })[0]?.id ?? '';
    expect(ids(f.world.messages(channelId, { after: lastHistory, limit: 5 }))).toEqual([...created].reverse());
    expect(f.world.messageCount(channelId)).toBe(303);
  });
});
