import { type BusNamespace, busNamespace } from './namespace.js';
import type { ServiceName } from './services.js';
import { subjectToken } from './subject-token.js';

/** What an interaction is, as far as routing cares. */
export type InteractionKind = 'command' | 'autocomplete' | 'component' | 'modal' | 'ping';

/** Shard lifecycle states published by gateway-ingest. */
export type ShardState = 'ready' | 'resumed' | 'disconnected' | 'reconnecting';

/** Subject for events of a guild, `dm` where the event has no guild. */
export const DM_TOKEN = 'dm';

/**
 * Builders for every subject on the bus. Nothing else in the tree spells a subject.
 *
 * Layout:
 * - `discord.dispatch.<EVENT>.<guildId|dm>`
 * - `discord.interaction.<service>.<kind>`
 * - `discord.shard.<id>.<state>`
 * - `<service>.<...>` for each service's own domain events and jobs
 * - `deadletter.<stream>.<consumer>`
 */
export interface Subjects {
  readonly namespace: BusNamespace;
  dispatch(event: string, guildId: string | null | undefined): string;
  /** Filter for one event type in every guild, or every event when `event` is omitted. */
  dispatchFilter(event?: string): string;
  /** Filter for every event of one guild. */
  guildFilter(guildId: string): string;
  interaction(service: ServiceName, kind: InteractionKind): string;
  /** Filter for every interaction routed to one service. */
  interactionFilter(service: ServiceName): string;
  shard(shardId: number, state: ShardState): string;
  shardFilter(): string;
  /** A service's own subject, e.g. `domain('export', 'jobs', 'requested')` is `export.jobs.requested`. */
  domain(service: ServiceName, ...tokens: string[]): string;
  /** Filter for everything under one service's name and the given leading tokens. */
  domainFilter(service: ServiceName, ...tokens: string[]): string;
  deadLetter(stream: string, consumer: string): string;
  deadLetterFilter(): string;
}

export function createSubjects(namespace: BusNamespace | string = ''): Subjects {
  const ns = typeof namespace === 'string' ? busNamespace(namespace) : namespace;
  const s = ns.subject;
  return {
    namespace: ns,
    dispatch: (event, guildId) =>
      s(
        `discord.dispatch.${subjectToken(event, 'event name')}.${guildId ? subjectToken(guildId, 'guild id') : DM_TOKEN}`,
      ),
    dispatchFilter: (event) =>
      s(event ? `discord.dispatch.${subjectToken(event, 'event name')}.*` : 'discord.dispatch.>'),
    guildFilter: (guildId) => s(`discord.dispatch.*.${subjectToken(guildId, 'guild id')}`),
    interaction: (service, kind) => s(`discord.interaction.${service}.${kind}`),
    interactionFilter: (service) => s(`discord.interaction.${service}.*`),
    shard: (shardId, state) => s(`discord.shard.${shardId}.${state}`),
    shardFilter: () => s('discord.shard.>'),
    domain: (service, ...tokens) => s([service, ...tokens.map((t) => subjectToken(t, 'domain token'))].join('.')),
    domainFilter: (service, ...tokens) =>
      s([service, ...tokens.map((t) => subjectToken(t, 'domain token')), '>'].join('.')),
    deadLetter: (stream, consumer) =>
      s(`deadletter.${subjectToken(stream, 'stream name')}.${subjectToken(consumer, 'consumer name')}`),
    deadLetterFilter: () => s('deadletter.>'),
  };
}
