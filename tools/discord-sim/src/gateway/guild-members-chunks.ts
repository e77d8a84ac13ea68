import type {
  APIGuildMember,
  GatewayGuildMembersChunkDispatchData,
  GatewayGuildMembersChunkPresence,
} from 'discord-api-types/v10';
import type { World } from '../world/world.js';
import type { RequestGuildMembersData } from './client-payloads.js';

/** Members per GUILD_MEMBERS_CHUNK, as Discord sends them. */
export const MEMBERS_PER_CHUNK = 1000;

/** The most members a non-empty query returns. */
const MAX_QUERY_LIMIT = 100;

type MemberSource = Pick<World, 'members' | 'searchMembers' | 'member' | 'presence'>;

/** The privileged intents of the session asking, which decide what it may have. */
export interface ChunkIntents {
  members: boolean;
  presences: boolean;
}

/**
 * The GUILD_MEMBERS_CHUNK payloads answering a REQUEST_GUILD_MEMBERS, or null when Discord sends nothing:
 * the whole member list (`query: ""`) needs the GUILD_MEMBERS intent. A request matching no one still gets
 * one empty chunk. `presences: true` adds the presences of the chunk's members that are not offline, and
 * only with the GUILD_PRESENCES intent: without it Discord treats the flag as false.
 */
export function guildMembersChunks(
  world: MemberSource,
  request: RequestGuildMembersData,
  intents: ChunkIntents,
): GatewayGuildMembersChunkDispatchData[] | null {
  const { guild_id: guildId, query, user_ids: userIds, nonce, presences } = request;
  let members: APIGuildMember[];
  let notFound: string[] | undefined;
  if (userIds !== undefined) {
    members = [];
    notFound = [];
    for (const id of typeof userIds === 'string' ? [userIds] : userIds) {
      const member = world.member(guildId, id);
      if (member === undefined) notFound.push(id);
      else members.push(member);
    }
  } else if (query === '' || query === undefined) {
    if (!intents.members) return null;
    members = allMembers(world, guildId, request.limit ?? 0);
  } else {
    const limit = request.limit === undefined || request.limit === 0 ? MAX_QUERY_LIMIT : request.limit;
    members = world.searchMembers(guildId, query, Math.min(limit, MAX_QUERY_LIMIT));
  }

  const chunkCount = Math.max(1, Math.ceil(members.length / MEMBERS_PER_CHUNK));
  const chunks: GatewayGuildMembersChunkDispatchData[] = [];
  for (let index = 0; index < chunkCount; index++) {
    const chunk = members.slice(index * MEMBERS_PER_CHUNK, (index + 1) * MEMBERS_PER_CHUNK);
    chunks.push({
      guild_id: guildId,
      members: chunk,
      chunk_index: index,
      chunk_count: chunkCount,
      ...(notFound !== undefined && index === 0 ? { not_found: notFound } : {}),
      ...(presences === true && intents.presences ? { presences: presencesOf(world, guildId, chunk) } : {}),
      ...(nonce !== undefined ? { nonce } : {}),
    });
  }
  return chunks;
}

/** Presences of the members that have one, without the guild id a chunk carries once for all. */
function presencesOf(
  world: MemberSource,
  guildId: string,
  members: readonly APIGuildMember[],
): GatewayGuildMembersChunkPresence[] {
  return members.flatMap((m) => {
    const presence = world.presence(guildId, m.user.id);
    if (presence === undefined) return [];
    const { guild_id: _, ...rest } = presence;
    return [rest];
  });
}

/** Every member of the guild, or the first `limit` when it is not 0. */
function allMembers(world: MemberSource, guildId: string, limit: number): APIGuildMember[] {
  const members: APIGuildMember[] = [];
  let after: string | undefined;
  while (limit === 0 || members.length < limit) {
    const pageSize = limit === 0 ? MEMBERS_PER_CHUNK : Math.min(MEMBERS_PER_CHUNK, limit - members.length);
    const page = world.members(guildId, after === undefined ? { limit: pageSize } : { after, limit: pageSize });
    members.push(...page);
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined) break;
    after = last.user.id;
  }
  return members;
}
