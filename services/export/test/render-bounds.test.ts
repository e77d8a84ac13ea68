import { snowflakeTime } from '@platform/discord';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isWithinBounds,
  MessageBoundError,
  type MessageBounds,
  parseMessageBound,
} from '../src/render/message-bounds.js';

/** The DateRange fixture channel of DCE's tests (reference §3). */
const dateRange = [
  '866674314627121232',
  '866710679758045195',
  '866732113319428096',
  '868490009366396958',
  '868505966528835604',
  '868505969821364245',
  '868505973294268457',
  '885169254029213696',
];

const savedZone = process.env.TZ;
afterEach(() => {
  process.env.TZ = savedZone;
});

describe('parseMessageBound', () => {
  it('takes digits as a message id, even when they look like a date', () => {
    expect(parseMessageBound('866710679758045195')).toBe('866710679758045195');
    expect(parseMessageBound('20210724')).toBe('20210724');
  });

  it('takes a date with an offset as that instant', () => {
    expect(snowflakeTime(parseMessageBound('2021-07-24T13:00:00+02:00'))).toBe(Date.UTC(2021, 6, 24, 11));
  });

  it('takes a date without an offset in the machine’s zone, as .NET does', () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(snowflakeTime(parseMessageBound('2021-07-24'))).toBe(Date.UTC(2021, 6, 23, 15));
    expect(snowflakeTime(parseMessageBound('2021-07-24T09:00:00'))).toBe(Date.UTC(2021, 6, 24, 0));
  });

  it.each(['', 'yesterday-ish', '12ab'])('rejects %j naming the value', (text) => {
    expect(() => parseMessageBound(text)).toThrow(MessageBoundError);
    expect(() => parseMessageBound(text)).toThrow(`"${text}"`);
  });
});

describe('isWithinBounds', () => {
  const kept = (bounds: MessageBounds) => dateRange.filter((id) => isWithinBounds(id, bounds));

  it('matches DCE’s DateRangeSpecs, bounds exclusive', () => {
    process.env.TZ = 'UTC';
    const july24 = parseMessageBound('2021-07-24');
    const august1 = parseMessageBound('2021-08-01');
    expect(kept({ after: july24 })).toEqual(dateRange.slice(3));
    expect(kept({ before: july24 })).toEqual(dateRange.slice(0, 3));
    expect(kept({ after: july24, before: august1 })).toEqual(dateRange.slice(3, 7));
    expect(kept({ before: parseMessageBound('2020-08-01') })).toEqual([]);
  });

  it('excludes the bound messages themselves', () => {
    expect(kept({ after: '866710679758045195', before: '868505966528835604' })).toEqual(dateRange.slice(2, 4));
    expect(kept({})).toEqual(dateRange);
  });
});
