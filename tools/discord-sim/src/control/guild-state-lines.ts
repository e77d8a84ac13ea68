import type {
  APIChannel,
  APIGuild,
  APIGuildMember,
  APIRole,
  APIThreadChannel,
  GatewayPresenceUpdate,
  GatewayVoiceState,
} from 'discord-api-types/v10';
import type { World } from '../world/world.js';

const MEMBER_PAGE = 1000;

/** What a line of a guild's state holds. */
export type GuildStateKind = 'guild' | 'role' | 'channel' | 'thread' | 'member' | 'voice_state' | 'presence';

/**
 * A guild's state now, as JSON lines `{ "type", "data" }`: the guild, its roles, channels and active threads,
 * every member (read a page at a time, so a guild of any size streams in constant memory), voice states and
 * the presences that are not offline. Objects are those of the REST API (channels with `guild_id`); what a
 * cache built from the gateway's dispatches holds.
 */
export function* guildStateLines(world: World, guildId: string): Generator<string> {
  const lines = (type: GuildStateKind, items: readonly unknown[]) =>
    items.map((data) => `${JSON.stringify({ type, data })}\n`).join('');
  yield lines('guild', [world.guild(guildId)]) +
    lines('role', world.roles(guildId)) +
    lines('channel', world.channels(guildId)) +
    lines('thread', world.activeThreads(guildId));
  let after: string | undefined;
  for (;;) {
    const page = world.members(guildId, after === undefined ? { limit: MEMBER_PAGE } : { after, limit: MEMBER_PAGE });
    if (page.length > 0) yield lines('member', page);
    after = page.at(-1)?.user.id;
    if (page.length < MEMBER_PAGE) break;
  }
  yield lines('voice_state', world.voiceStates(guildId)) + lines('presence', world.presences(guildId));
}

/** A guild's state as {@link guildStateLines} writes it, read back. */
export interface GuildState {
  guild: APIGuild | undefined;
  roles: APIRole[];
  channels: APIChannel[];
  threads: APIThreadChannel[];
  members: APIGuildMember[];
  voiceStates: GatewayVoiceState[];
  presences: GatewayPresenceUpdate[];
}

/** Reads the JSON lines of `GET /_sim/truth/guilds/:id/state`. */
export function parseGuildStateLines(ndjson: string): GuildState {
  const lines = ndjson
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { type: GuildStateKind; data: never });
  const of = (type: GuildStateKind) => lines.filter((line) => line.type === type).map((line) => line.data);
  return {
    guild: of('guild')[0],
    roles: of('role'),
    channels: of('channel'),
    threads: of('thread'),
    members: of('member'),
    voiceStates: of('voice_state'),
    presences: of('presence'),
  };
}
