import {
  dedupeId,
  ENVELOPE_VERSION,
  type Envelope,
  guildIdOf,
  type RoutableInteraction,
  routeInteraction,
  type Subjects,
} from '@platform/contracts';

/** A dispatch as the gateway delivers it (op 0): event name, sequence, payload. */
export interface RawDispatch {
  t: string;
  s: number;
  d: unknown;
}

/** Where a dispatch was received: its shard and the gateway session it belongs to. */
export interface DispatchOrigin {
  shard: number;
  sessionId: string;
}

/** Builds the envelope of DESIGN.md for a dispatch; `id` is the dedupe id sent as the JetStream msg id. */
export function buildEnvelope(dispatch: RawDispatch, origin: DispatchOrigin, receivedAt: number): Envelope {
  return {
    v: ENVELOPE_VERSION,
    id: dedupeId(dispatch.t, dispatch.d, { sessionId: origin.sessionId, seq: dispatch.s }),
    t: dispatch.t,
    shard: origin.shard,
    seq: dispatch.s,
    guildId: guildIdOf(dispatch.t, dispatch.d),
    receivedAt,
    d: dispatch.d,
  };
}

/**
 * The subject an envelope is published on: interactions go to the service the contracts' routing table
 * names (`discord.interaction.<service>.<kind>`); an interaction nobody owns (an unknown command, a ping)
 * and every other dispatch go to `discord.dispatch.<EVENT>.<guild|dm>`, so nothing received is dropped.
 */
export function subjectFor(subjects: Subjects, envelope: Envelope): string {
  if (envelope.t === 'INTERACTION_CREATE' && isRoutable(envelope.d)) {
    const route = routeInteraction(envelope.d);
    if (route) return subjects.interaction(route.service, route.kind);
  }
  return subjects.dispatch(envelope.t, envelope.guildId);
}

function isRoutable(d: unknown): d is RoutableInteraction {
  return typeof d === 'object' && d !== null && typeof (d as { type?: unknown }).type === 'number';
}
