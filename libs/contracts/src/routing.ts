import { InteractionType } from 'discord-api-types/v10';
import type { ServiceName } from './services.js';
import { isServiceName } from './services.js';
import type { InteractionKind } from './subjects.js';

/**
 * Which service owns each slash command. A command missing here belongs to nobody and is
 * answered by gateway-ingest with an ephemeral "unknown command".
 */
export const COMMAND_OWNERS: Readonly<Record<string, ServiceName>> = {
  stats: 'stats',
  server: 'stats',
  leaderboard: 'stats',
  heatmap: 'stats',
  chart: 'stats',
  inactive: 'stats',
  'stats-settings': 'stats',
  export: 'export',
  equipment: 'lending',
  reserve: 'lending',
  reservations: 'lending',
  lend: 'lending',
  return: 'lending',
  transfer: 'lending',
  'lending-board': 'lending',
  capture: 'insights',
  digest: 'insights',
  insights: 'insights',
};

/** Separates the owning service from the rest of a `custom_id`, as in `lending:return:42`. */
export const CUSTOM_ID_SEPARATOR = ':';

/**
 * Components and modals whose `custom_id` names no service go to collector-tracking, which
 * matches them against the collectors other services are waiting on.
 */
export const UNPREFIXED_COMPONENT_OWNER: ServiceName = 'collectors';

/** Builds a `custom_id` that routes back to `service`; Discord caps custom ids at 100 characters. */
export function customId(service: ServiceName, ...parts: string[]): string {
  const id = [service, ...parts].join(CUSTOM_ID_SEPARATOR);
  if (id.length > 100)
    throw new Error(`custom_id "${id.slice(0, 40)}…" is ${id.length} characters; Discord allows 100`);
  return id;
}

/** Splits a `custom_id` built by {@link customId} into its owner and parts; null owner when unprefixed. */
export function parseCustomId(id: string): { service: ServiceName | null; parts: string[] } {
  const [head = '', ...rest] = id.split(CUSTOM_ID_SEPARATOR);
  return isServiceName(head) ? { service: head, parts: rest } : { service: null, parts: [id] };
}

export interface InteractionRoute {
  service: ServiceName;
  kind: InteractionKind;
}

/** The minimum of an interaction payload that routing reads. */
export interface RoutableInteraction {
  type: number;
  data?: { name?: string; custom_id?: string } | undefined;
}

/**
 * Decides which service receives an interaction; null when none owns it (an unknown command,
 * or a ping that the receiver answers itself).
 */
export function routeInteraction(interaction: RoutableInteraction): InteractionRoute | null {
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
    case InteractionType.ApplicationCommandAutocomplete: {
      const name = interaction.data?.name;
      const service = name ? COMMAND_OWNERS[name] : undefined;
      if (!service) return null;
      const kind = interaction.type === InteractionType.ApplicationCommand ? 'command' : 'autocomplete';
      return { service, kind };
    }
    case InteractionType.MessageComponent:
    case InteractionType.ModalSubmit: {
      const owner = parseCustomId(interaction.data?.custom_id ?? '').service ?? UNPREFIXED_COMPONENT_OWNER;
      return { service: owner, kind: interaction.type === InteractionType.MessageComponent ? 'component' : 'modal' };
    }
    default:
      return null;
  }
}
