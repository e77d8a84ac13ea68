import { snowflakeTime } from '@platform/discord';
import type { ExportDateRange } from '../model/export-document.js';
import { formatIsoInstant, instantFromMillis, instantMillis, parseInstant } from '../writers/date-format.js';
import type { MessageBounds } from './message-bounds.js';

/** An instant as the header's dates are written (`exportedAt`, `dateRange`). */
export const isoAt = (millis: number): string => formatIsoInstant(instantFromMillis(millis), 0, false);

/** The later `after` and the earlier `before` of a range and the bounds. */
export function narrowedRange(range: ExportDateRange, bounds: MessageBounds): ExportDateRange {
  const pick = (own: string | null, bound: string | undefined, later: boolean): string | null => {
    if (bound === undefined) return own;
    const boundMillis = snowflakeTime(bound);
    if (own === null) return isoAt(boundMillis);
    const ownMillis = instantMillis(parseInstant(own));
    return later === boundMillis > ownMillis ? isoAt(boundMillis) : own;
  };
  return { after: pick(range.after, bounds.after, true), before: pick(range.before, bounds.before, false) };
}
