import { afterEach, describe, expect, it } from 'vitest';
import { parseMessageBound } from '../src/options/message-bound.js';
import { isWithinBounds, type MessageBounds } from '../src/render/message-bounds.js';

const boundAt = (text: string): string => parseMessageBound(text).id;

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

describe('isWithinBounds', () => {
  const kept = (bounds: MessageBounds) => dateRange.filter((id) => isWithinBounds(id, bounds));

  it('matches DCE’s DateRangeSpecs, bounds exclusive', () => {
    process.env.TZ = 'UTC';
    const july24 = boundAt('2021-07-24');
    const august1 = boundAt('2021-08-01');
    expect(kept({ after: july24 })).toEqual(dateRange.slice(3));
    expect(kept({ before: july24 })).toEqual(dateRange.slice(0, 3));
    expect(kept({ after: july24, before: august1 })).toEqual(dateRange.slice(3, 7));
    expect(kept({ before: boundAt('2020-08-01') })).toEqual([]);
  });

  it('excludes the bound messages themselves', () => {
    expect(kept({ after: '866710679758045195', before: '868505966528835604' })).toEqual(dateRange.slice(2, 4));
    expect(kept({})).toEqual(dateRange);
  });
});
