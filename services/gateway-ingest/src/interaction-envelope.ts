import { dedupeId, ENVELOPE_VERSION, type Envelope, guildIdOf, type Interaction } from '@platform/contracts';

/** The event name an interaction has on the gateway; HTTP interactions are published under the same. */
export const INTERACTION_CREATE = 'INTERACTION_CREATE';

/**
 * The envelope of an interaction received over HTTP: the same as the gateway's `INTERACTION_CREATE`
 * except that it has no shard and no sequence. Its dedupe id is the interaction's id, as on the gateway,
 * so an interaction seen both ways, or delivered twice, is stored once.
 */
export function buildHttpInteractionEnvelope(interaction: Interaction, receivedAt: number): Envelope {
  return {
    v: ENVELOPE_VERSION,
    id: dedupeId(INTERACTION_CREATE, interaction, null),
    t: INTERACTION_CREATE,
    shard: null,
    seq: null,
    guildId: guildIdOf(INTERACTION_CREATE, interaction),
    receivedAt,
    d: interaction,
  };
}
