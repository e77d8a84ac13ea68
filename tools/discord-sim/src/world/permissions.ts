import { type APIOverwrite, OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';

const P = PermissionFlagsBits;

/** What @everyone may do in a generated guild: chat, react, attach, talk, use commands. */
export const EVERYONE_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.ReadMessageHistory |
  P.AddReactions |
  P.EmbedLinks |
  P.AttachFiles |
  P.UseExternalEmojis |
  P.UseExternalStickers |
  P.CreatePublicThreads |
  P.CreatePrivateThreads |
  P.SendMessagesInThreads |
  P.UseApplicationCommands |
  P.ChangeNickname |
  P.CreateInstantInvite |
  P.Connect |
  P.Speak |
  P.Stream |
  P.UseVAD |
  P.MentionEveryone;

/** Staff roles moderate: they see private channels through an overwrite, not through Administrator. */
export const STAFF_PERMISSIONS =
  EVERYONE_PERMISSIONS |
  P.ManageMessages |
  P.ManageThreads |
  P.KickMembers |
  P.BanMembers |
  P.MuteMembers |
  P.MoveMembers |
  P.DeafenMembers |
  P.ModerateMembers |
  P.PinMessages;

/**
 * A bot's managed role: enough to moderate messages and voice, but no Administrator, so a channel
 * hidden from @everyone stays hidden from the bot (Discord answers 50001 Missing Access).
 */
export const BOT_PERMISSIONS =
  EVERYONE_PERMISSIONS | P.ManageMessages | P.ManageThreads | P.MoveMembers | P.MuteMembers | P.PinMessages;

/** Overwrites of a channel only staff may see. */
export function privateOverwrites(everyoneRoleId: string, staffRoleIds: readonly string[]): APIOverwrite[] {
  return [
    { id: everyoneRoleId, type: OverwriteType.Role, allow: '0', deny: String(P.ViewChannel) },
    ...staffRoleIds.map((id) => ({ id, type: OverwriteType.Role, allow: String(P.ViewChannel), deny: '0' })),
  ];
}

/** What decides a member's permissions in its guild, before any channel overwrite. */
export interface MemberPermissionInput {
  everyoneRoleId: string;
  isOwner: boolean;
  rolePermissions: ReadonlyMap<string, bigint>;
  memberRoleIds: readonly string[];
}

/**
 * A member's permissions in its guild as Discord computes them without a channel (the `permissions`
 * of `GET /users/@me/guilds`): @everyone and the member's roles; the owner and Administrator get all.
 */
export function guildPermissions(input: MemberPermissionInput): bigint {
  const all = Object.values(P).reduce((acc, bit) => acc | bit, 0n);
  if (input.isOwner) return all;
  let base = input.rolePermissions.get(input.everyoneRoleId) ?? 0n;
  for (const roleId of input.memberRoleIds) base |= input.rolePermissions.get(roleId) ?? 0n;
  return base & P.Administrator ? all : base;
}

/**
 * A member's permissions in a channel, computed as Discord does: base from @everyone and the
 * member's roles, Administrator grants all, then @everyone, role and member overwrites in order.
 */
export function channelPermissions(
  input: MemberPermissionInput & { userId: string; overwrites: readonly APIOverwrite[] },
): bigint {
  const base = guildPermissions(input);
  if (base & P.Administrator) return base;
  let permissions = base;
  const everyone = input.overwrites.find((o) => o.type === OverwriteType.Role && o.id === input.everyoneRoleId);
  if (everyone) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const o of input.overwrites) {
    if (o.type === OverwriteType.Role && o.id !== input.everyoneRoleId && input.memberRoleIds.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  permissions = (permissions & ~deny) | allow;
  const member = input.overwrites.find((o) => o.type === OverwriteType.Member && o.id === input.userId);
  if (member) permissions = (permissions & ~BigInt(member.deny)) | BigInt(member.allow);
  // Discord's implicit rule: who cannot see a channel can do nothing in it.
  return permissions & P.ViewChannel ? permissions : 0n;
}
