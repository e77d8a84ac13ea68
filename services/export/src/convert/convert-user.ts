import type { APIGuildMember, APIRole, APIUser } from 'discord-api-types/v10';
import type { ExportRole, ExportUser } from '../model/export-document.js';
import type { ConvertScope } from './convert-scope.js';

/** `#RRGGBB` of a Discord colour; null for 0, which Discord uses for "no colour". */
export const toHexColor = (color: number | null | undefined): string | null =>
  color ? `#${color.toString(16).toUpperCase().padStart(6, '0')}` : null;

/** DCE's discriminator: four digits, "0000" for accounts with a unique username. */
export function formatDiscriminator(discriminator: string | undefined): string {
  const value = Number(discriminator ?? 0);
  return String(Number.isInteger(value) ? value : 0).padStart(4, '0');
}

/** The name DCE shows of a user: the guild nickname, else the global display name, else the username. */
export const displayName = (user: APIUser, member?: APIGuildMember): string =>
  member?.nick ?? user.global_name ?? user.username;

export function toExportRole(role: APIRole): ExportRole {
  return { id: role.id, name: role.name, color: toHexColor(role.color), position: role.position };
}

/** A member's roles that still exist, highest first (stable for equal positions, as .NET's OrderByDescending). */
function memberRoles(member: APIGuildMember | undefined, scope: ConvertScope): ExportRole[] {
  if (!member) return [];
  const roles: APIRole[] = [];
  for (const id of member.roles) {
    const role = scope.role(id);
    if (role) roles.push(role);
  }
  return roles.sort((a, b) => b.position - a.position).map(toExportRole);
}

/**
 * A user as DCE's JSON writes it, with the guild member's nickname, colour (the highest role that
 * has one), roles and guild avatar when the user is a member. `withRoles: false` for the users of a
 * reaction, which DCE writes without roles.
 */
export function toExportUser(user: APIUser, scope: ConvertScope, withRoles = true): ExportUser {
  const member = scope.member(user.id);
  const roles = memberRoles(member, scope);
  const discriminator = formatDiscriminator(user.discriminator);
  const avatarUrl = member?.avatar
    ? scope.cdn.memberAvatar(scope.guildId, user.id, member.avatar)
    : user.avatar
      ? scope.cdn.userAvatar(user.id, user.avatar)
      : scope.cdn.defaultAvatar(user.id, Number(discriminator) || null);
  const exported: ExportUser = {
    id: user.id,
    name: user.username,
    discriminator,
    nickname: displayName(user, member),
    color: roles.find((role) => role.color !== null)?.color ?? null,
    isBot: user.bot ?? false,
    roles,
    avatarUrl,
  };
  if (!withRoles) delete exported.roles;
  return exported;
}
