import { z } from 'zod';
import type { LiveRates } from '../world/scenario.js';

/** What the traffic engine generates, per second of (its clock's) time, plus how virtual users respond. */
export interface TrafficRates extends LiveRates {
  /** Share (0–1) of the bots' messages with buttons or selects that a virtual user answers by using one. */
  componentPressShare: number;
  /** Share (0–1) of the modals opened for a virtual user that it fills in and submits. */
  modalSubmitShare: number;
}

const perSecond = z.number().finite().min(0).max(100_000);
const share = z.number().min(0).max(1);

/** A change of rates, as `PATCH /_sim/traffic` takes it: any subset, unknown fields refused. */
export const trafficRatesPatchSchema = z.strictObject({
  messagesPerSecond: perSecond.optional(),
  reactionsPerSecond: perSecond.optional(),
  voiceJoinsPerSecond: perSecond.optional(),
  memberJoinsPerSecond: perSecond.optional(),
  memberLeavesPerSecond: perSecond.optional(),
  interactionsPerSecond: perSecond.optional(),
  updatesPerSecond: perSecond.optional(),
  componentPressShare: share.optional(),
  modalSubmitShare: share.optional(),
});

export type TrafficRatesPatch = z.infer<typeof trafficRatesPatchSchema>;

/** The scenario's live rates, with every component message pressed and every modal submitted. */
export function defaultRates(live: LiveRates): TrafficRates {
  return { ...live, componentPressShare: 1, modalSubmitShare: 1 };
}

/** `rates` with the patch applied; throws a zod error naming the bad field. */
export function applyRatesPatch(rates: TrafficRates, patch: TrafficRatesPatch): TrafficRates {
  const valid = trafficRatesPatchSchema.parse(patch);
  const next = { ...rates };
  for (const [key, value] of Object.entries(valid)) if (value !== undefined) next[key as keyof TrafficRates] = value;
  return next;
}
