import { createSubjects } from '@platform/contracts';
import { describe, expect, it } from 'vitest';
import { BoundedBuffer } from '../src/buffer.js';
import { intents } from '../src/config.js';
import { buildEnvelope, subjectFor } from '../src/envelope.js';
import { planLeases, rateLimitKey } from '../src/lease-plan.js';

const subjects = createSubjects('ns');
const origin = { shard: 1, sessionId: 'sess' };

describe('envelope', () => {
  it('keys a message by its id and routes it by guild', () => {
    const d = { id: '111', guild_id: '222', content: 'x' };
    const envelope = buildEnvelope({ t: 'MESSAGE_CREATE', s: 7, d }, origin, 1000);
    expect(envelope).toEqual({
      v: 1,
      id: 'MESSAGE_CREATE:111',
      t: 'MESSAGE_CREATE',
      shard: 1,
      seq: 7,
      guildId: '222',
      receivedAt: 1000,
      d,
    });
    expect(subjectFor(subjects, envelope)).toBe('ns.discord.dispatch.MESSAGE_CREATE.222');
  });

  it('keys events without an identity by session and sequence, DMs on dm', () => {
    const envelope = buildEnvelope({ t: 'TYPING_START', s: 9, d: { channel_id: '5' } }, origin, 1);
    expect(envelope.id).toBe('TYPING_START:sess:9');
    expect(subjectFor(subjects, envelope)).toBe('ns.discord.dispatch.TYPING_START.dm');
    const guild = buildEnvelope({ t: 'GUILD_CREATE', s: 2, d: { id: '42' } }, origin, 1);
    expect(subjectFor(subjects, guild)).toBe('ns.discord.dispatch.GUILD_CREATE.42');
  });

  it('routes interactions by the contracts table, unowned ones as plain dispatches', () => {
    const component = buildEnvelope(
      { t: 'INTERACTION_CREATE', s: 3, d: { id: '9', type: 3, guild_id: '1', data: { custom_id: 'lending:x' } } },
      origin,
      1,
    );
    expect(component.id).toBe('INTERACTION_CREATE:9');
    expect(subjectFor(subjects, component)).toBe('ns.discord.interaction.lending.component');
    const unknown = buildEnvelope(
      { t: 'INTERACTION_CREATE', s: 4, d: { id: '10', type: 2, guild_id: '1', data: { name: 'nobody' } } },
      origin,
      1,
    );
    expect(subjectFor(subjects, unknown)).toBe('ns.discord.dispatch.INTERACTION_CREATE.1');
  });
});

describe('BoundedBuffer', () => {
  it('is FIFO, drops the newest past capacity and counts the loss', () => {
    const dropped: number[] = [];
    const buffer = new BoundedBuffer<number>(3, (item) => dropped.push(item));
    for (let i = 1; i <= 5; i++) buffer.push(i);
    expect(buffer.size).toBe(3);
    expect(buffer.dropped).toBe(2);
    expect(dropped).toEqual([4, 5]);
    expect(buffer.take(2)).toEqual([1, 2]);
    buffer.push(6);
    buffer.unshiftAll([1, 2]);
    expect(buffer.take(10)).toEqual([1, 2, 3, 6]);
    expect(buffer.size).toBe(0);
  });

  it('keeps order across growth and wrap-around', () => {
    const buffer = new BoundedBuffer<number>(100_000);
    const out: number[] = [];
    let next = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 2000; i++) buffer.push(next++);
      out.push(...buffer.take(1500));
    }
    out.push(...buffer.take(Number.POSITIVE_INFINITY));
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(buffer.dropped).toBe(0);
  });
});

describe('planLeases', () => {
  const owners = (entries: [number, string][]) => new Map(entries);

  it('claims every free shard when alone', () => {
    expect(planLeases(4, owners([]), [], 'a')).toEqual({ claim: [0, 1, 2, 3], release: [] });
  });

  it('claims up to the fair share beside another replica', () => {
    expect(planLeases(4, owners([[0, 'b']]), ['a', 'b'], 'a')).toEqual({ claim: [1, 2], release: [] });
    expect(planLeases(3, owners([]), ['a', 'b'], 'b').claim).toEqual([0, 1]);
  });

  it('releases one shard at a time when over the share and another is starving', () => {
    const all = owners([
      [0, 'a'],
      [1, 'a'],
      [2, 'a'],
      [3, 'a'],
    ]);
    expect(planLeases(4, all, ['a', 'b'], 'a')).toEqual({ claim: [], release: [3] });
    expect(planLeases(4, all, ['a', 'b'], 'b')).toEqual({ claim: [], release: [] });
    const balanced = owners([
      [0, 'a'],
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(planLeases(3, balanced, ['a', 'b'], 'a')).toEqual({ claim: [], release: [] });
  });

  it('takes over the shards of a replica whose leases expired', () => {
    expect(planLeases(2, owners([[0, 'a']]), ['a'], 'a')).toEqual({ claim: [1], release: [] });
  });

  it('computes Discord rate-limit keys', () => {
    expect([0, 1, 2, 3].map((s) => rateLimitKey(s, 2))).toEqual([0, 1, 0, 1]);
    expect(rateLimitKey(5, 1)).toBe(0);
  });
});

describe('INTENTS', () => {
  it('accepts names and bit fields', () => {
    expect(intents.parse('Guilds,GuildMessages')).toBe(1 | 512);
    expect(intents.parse('33281')).toBe(33281);
    expect(intents.safeParse('Nope').success).toBe(false);
  });
});
