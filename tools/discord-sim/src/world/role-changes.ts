import type { APIRole } from 'discord-api-types/v10';
import { discordErrors } from './errors.js';
import { checkBoolean, checkInteger, checkLength } from './field-checks.js';
import { buildRole, type GuildLayout } from './layout.js';
import type { RoleInput } from './world.js';

const MAX_ROLES = 250;

/** A role of the guild, or 10011. */
export function requireRole(guild: GuildLayout, roleId: string): APIRole {
  const role = guild.roles.find((r) => r.id === roleId);
  if (!role) throw discordErrors.unknownRole();
  return role;
}

/**
 * A new role, added to the guild with Discord's defaults for what the input leaves out: "new role", no
 * colour, @everyone's permissions, and position 1, just above @everyone (ties are ordered by id, as on
 * Discord, so no other role moves).
 */
export function addRole(guild: GuildLayout, id: string, input: RoleInput): APIRole {
  if (guild.roles.length >= MAX_ROLES) throw discordErrors.maxRoles();
  const role = buildRole(id, 'new role', 0, 1, guild.rolePermissions.get(guild.id) ?? 0n, false, false);
  applyRolePatch(guild, role, input);
  guild.roles.push(role);
  return role;
}

/** Checks every field of the patch, then applies it. Managed roles are the integration's (50028). */
export function applyRolePatch(guild: GuildLayout, role: APIRole, patch: RoleInput): void {
  const everyone = role.id === guild.id;
  if (role.managed || (everyone && patch.name !== undefined)) throw discordErrors.invalidRole();
  if (patch.name !== undefined) checkLength('name', patch.name, 1, 100);
  if (patch.color !== undefined) checkInteger('color', patch.color, 0, 0xffffff);
  if (patch.hoist !== undefined) checkBoolean('hoist', patch.hoist);
  if (patch.mentionable !== undefined) checkBoolean('mentionable', patch.mentionable);
  if (patch.permissions !== undefined && !/^\d{1,20}$/.test(patch.permissions))
    throw discordErrors.invalidForm(['permissions'], 'NUMBER_TYPE_COERCE', `Value "${patch.permissions}" is not int.`);

  if (patch.name !== undefined) role.name = patch.name;
  if (patch.color !== undefined) {
    role.color = patch.color;
    role.colors = { ...role.colors, primary_color: patch.color };
  }
  if (patch.hoist !== undefined) role.hoist = patch.hoist;
  if (patch.mentionable !== undefined) role.mentionable = patch.mentionable;
  if (patch.permissions !== undefined) role.permissions = patch.permissions;
  guild.rolePermissions.set(role.id, BigInt(role.permissions));
}

/** Takes a role out of the guild; members lose it as their roles are read against the guild's. */
export function removeRole(guild: GuildLayout, roleId: string): void {
  const role = requireRole(guild, roleId);
  if (role.managed || role.id === guild.id) throw discordErrors.invalidRole();
  guild.roles = guild.roles.filter((r) => r !== role);
  guild.rolePermissions.delete(roleId);
}

/**
 * The roles a member has once given `wanted`: roles of the guild (10011) other than @everyone, with the
 * managed ones (an integration's) as they were (50028).
 */
export function memberRoles(guild: GuildLayout, current: readonly string[], wanted: readonly string[]): string[] {
  if (!Array.isArray(wanted) || wanted.some((id) => typeof id !== 'string'))
    throw discordErrors.invalidForm(['roles'], 'BASE_TYPE_ARRAY', 'Must be an array of role ids.');
  const roles = [...new Set(wanted)];
  for (const id of roles) if (requireRole(guild, id).id === guild.id) throw discordErrors.invalidRole();
  const managed = (ids: readonly string[]) =>
    ids
      .filter((id) => guild.roles.some((r) => r.id === id && r.managed))
      .sort()
      .join();
  if (managed(roles) !== managed(current)) throw discordErrors.invalidRole();
  return roles;
}
