import type { APIGuildMember, GatewayGuildMembersChunkDispatchData } from 'discord-api-types/v10';
import type { World } from '../world/world.js';
import type { RequestGuildMembersData } from './client-payloads.js';

/** Members per GUILD_MEMBERS_CHUNK, as Discord sends them. */
export const MEMBERS_PER_CHUNK = 1000;

/** The most members a non-empty query returns. */
const MAX_QUERY_LIMIT = 100;

type MemberSource = Pick<World, 'members' | 'searchMembers' | 'member'>;

/**
 * The GUILD_MEMBERS_CHUNK payloads answering a REQUEST_GUILD_MEMBERS, or null when Discord sends nothing:
 * the whole member list (`query: ""`) needs the GUILD_MEMBERS intent. A request matching no one still gets
 * one empty chunk. Presences are answered with an empty list: the world keeps none.
 */
export function guildMembersChunks(
  world: MemberSource,
  request: RequestGuildMembersData,
  hasMembersIntent: boolean,
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
    if (!hasMembersIntent) return null;
    members = allMembers(world, guildId, request.limit ?? 0);
  } else {
    const limit = request.limit === undefined || request.limit === 0 ? MAX_QUERY_LIMIT : request.limit;
    members = world.searchMembers(guildId, query, Math.min(limit, MAX_QUERY_LIMIT));
  }

  const chunkCount = Math.max(1, Math.ceil(members.length / MEMBERS_PER_CHUNK));
  const chunks: GatewayGuildMembersChunkDispatchData[] = [];
  for (let index = 0; index < chunkCount; index++) {
    chunks.push({
      guild_id: guildId,
      members: members.slice(index * MEMBERS_PER_CHUNK, (index + 1) * MEMBERS_PER_CHUNK),
      chunk_index: index,
      chunk_count: chunkCount,
      ...(notFound !== undefined && index === 0 ? { not_found: notFound } : {}),
      ...(presences === true ? { presences: [] } : {}),
      ...(nonce !== undefined ? { nonce } : {}),
    });
  }
  return chunks;
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
