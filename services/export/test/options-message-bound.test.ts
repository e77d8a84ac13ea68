import { snowflakeTime } from '@platform/discord';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidMessageBoundError, parseMessageBound } from '../src/options/message-bound.js';

/** DCE's DateRange fixture channel: 8 messages, ids in order. */
const DATE_RANGE_IDS = [
  '866674314627121232', // 2021-07-19 13:34:18 UTC
  '866710679758045195',
  '866732113319428096',
  '868490009366396958', // 2021-07-24 13:49:13
  '868505966528835604',
  '868505969821364245',
  '868505973294268457',
  '885169254029213696', // 2021-09-08 14:26:35
];

function within(after?: string, before?: string): string[] {
  const a = after === undefined ? undefined : BigInt(parseMessageBound(after).id);
  const b = before === undefined ? undefined : BigInt(parseMessageBound(before).id);
  return DATE_RANGE_IDS.filter((id) => (a === undefined || BigInt(id) > a) && (b === undefined || BigInt(id) < b));
}

const originalZone = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalZone;
});

describe("DCE's DateRangeSpecs", () => {
  it('after 2021-07-24 keeps the last five messages', () => {
    expect(within('2021-07-24T00:00:00Z')).toEqual(DATE_RANGE_IDS.slice(3));
  });

  it('before 2021-07-24 keeps the first three', () => {
    expect(within(undefined, '2021-07-24T00:00:00Z')).toEqual(DATE_RANGE_IDS.slice(0, 3));
  });

  it('after 2021-07-24 and before 2021-08-01 keeps the four of that day', () => {
    expect(within('2021-07-24T00:00:00Z', '2021-08-01T00:00:00Z')).toEqual(DATE_RANGE_IDS.slice(3, 7));
  });

  it('before a date earlier than the channel keeps nothing', () => {
    expect(within(undefined, '2020-08-01T00:00:00Z')).toEqual([]);
  });

  it('bounds are exclusive: a message id as bound leaves that message out', () => {
    expect(within(DATE_RANGE_IDS[3], DATE_RANGE_IDS[6])).toEqual(DATE_RANGE_IDS.slice(4, 6));
  });
});

describe('parseMessageBound', () => {
  it('takes digits as a message id, even when they look like a date', () => {
    expect(parseMessageBound('866674314627121232')).toEqual({
      id: '866674314627121232',
      timestamp: snowflakeTime('866674314627121232'),
      source: 'id',
    });
    expect(parseMessageBound('20210724').id).toBe('20210724');
    expect(parseMessageBound(' 007 ').id).toBe('7');
    expect(parseMessageBound('18446744073709551615').id).toBe('18446744073709551615');
  });

  it('turns a date into the first snowflake of that millisecond', () => {
    const bound = parseMessageBound('2021-07-19T13:34:18.187Z');
    expect(bound.source).toBe('date');
    expect(bound.timestamp).toBe(Date.UTC(2021, 6, 19, 13, 34, 18, 187));
    expect(snowflakeTime(bound.id)).toBe(bound.timestamp);
    expect(BigInt(bound.id) & ((1n << 22n) - 1n)).toBe(0n);
    // The fixture's first message was sent in that millisecond, so it is not before the bound.
    expect(BigInt(bound.id) <= BigInt('866674314627121232')).toBe(true);
  });

  it.each([
    ['2021-07-24T13:49:13+02:00', Date.UTC(2021, 6, 24, 11, 49, 13)],
    ['2021-07-24 13:49:13 -0530', Date.UTC(2021, 6, 24, 19, 19, 13)],
    ['2021-07-24T13:49Z', Date.UTC(2021, 6, 24, 13, 49)],
    ['2021-07-24 1:49 PM UTC', Date.UTC(2021, 6, 24, 13, 49)],
    ['2021-07-24 12:05 am GMT', Date.UTC(2021, 6, 24, 0, 5)],
    ['2021/07/24 +01', Date.UTC(2021, 6, 23, 23)],
    ['07/24/2021 13:49:13.5Z', Date.UTC(2021, 6, 24, 13, 49, 13, 500)],
    ['24 Jul 2021 Z', Date.UTC(2021, 6, 24)],
    ['July 24, 2021 Z', Date.UTC(2021, 6, 24)],
    ['sept 1 2021 Z', Date.UTC(2021, 8, 1)],
  ])('reads %j', (text, expected) => {
    expect(parseMessageBound(text).timestamp).toBe(expected);
  });

  it("reads a date without an offset in the machine's zone, as DCE does", () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(parseMessageBound('2021-07-24').timestamp).toBe(Date.UTC(2021, 6, 23, 15));
    expect(parseMessageBound('2021-07-24 13:49').timestamp).toBe(Date.UTC(2021, 6, 24, 4, 49));
    process.env.TZ = 'America/New_York';
    expect(parseMessageBound('2021-07-24').timestamp).toBe(Date.UTC(2021, 6, 24, 4));
    expect(parseMessageBound('2021-01-24').timestamp).toBe(Date.UTC(2021, 0, 24, 5));
  });

  it("clamps a date before Discord's epoch to id 0", () => {
    expect(parseMessageBound('2010-01-01Z')).toEqual({ id: '0', timestamp: 1_420_070_400_000, source: 'date' });
  });

  it.each([
    ['', /expected a message id/],
    ['yesterday', /expected a message id/],
    ['-5', /expected a message id/],
    ['2021-13-01', /expected a message id/],
    ['2021-02-30', /expected a message id/],
    ['2021-07-24 25:00', /expected a message id/],
    ['2021-07-24 13:49 PM', /expected a message id/],
    ['2021-07-24 +15:00', /expected a message id/],
    ['2021-07-24 junk', /expected a message id/],
    ['18446744073709551616', /at most 64 bits/],
    ['2200-01-01Z', /past what a snowflake can hold/],
  ])('refuses %j, naming the value', (text, reason) => {
    const error = (() => {
      try {
        parseMessageBound(text);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidMessageBoundError);
    expect((error as InvalidMessageBoundError).value).toBe(text);
    expect((error as Error).message).toContain(`"${text}"`);
    expect((error as Error).message).toMatch(reason);
  });
});
