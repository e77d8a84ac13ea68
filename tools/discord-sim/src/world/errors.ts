import { SimDiscordError } from './world.js';

/** Discord's errors by name, with the status, code and message Discord sends. */
export const discordErrors = {
  unknownChannel: () => new SimDiscordError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new SimDiscordError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new SimDiscordError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new SimDiscordError(404, 10008, 'Unknown Message'),
  unknownUser: () => new SimDiscordError(404, 10013, 'Unknown User'),
  unknownRole: () => new SimDiscordError(404, 10011, 'Unknown Role'),
  unknownEmoji: () => new SimDiscordError(400, 10014, 'Unknown Emoji'),
  unknownWebhook: () => new SimDiscordError(404, 10015, 'Unknown Webhook'),
  unknownSticker: () => new SimDiscordError(404, 10060, 'Unknown Sticker'),
  unknownInteraction: () => new SimDiscordError(404, 10062, 'Unknown interaction'),
  maxPins: () => new SimDiscordError(400, 30003, 'Maximum number of pins reached (50)'),
  maxRoles: () => new SimDiscordError(400, 30005, 'Maximum number of guild roles reached (250)'),
  maxReactions: () => new SimDiscordError(400, 30010, 'Maximum number of reactions reached (20)'),
  maxChannels: () => new SimDiscordError(400, 30013, 'Maximum number of guild channels reached (500)'),
  alreadyAcknowledged: () => new SimDiscordError(400, 40060, 'Interaction has already been acknowledged.'),
  notInVoice: () => new SimDiscordError(400, 40032, 'Target user is not connected to voice.'),
  missingAccess: () => new SimDiscordError(403, 50001, 'Missing Access'),
  cannotEditOthers: () => new SimDiscordError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new SimDiscordError(400, 50006, 'Cannot send an empty message'),
  nonTextChannel: () => new SimDiscordError(400, 50008, 'Cannot send messages in a non-text channel'),
  missingPermissions: () => new SimDiscordError(403, 50013, 'Missing Permissions'),
  wrongChannelType: () => new SimDiscordError(400, 50024, 'Cannot execute action on this channel type'),
  invalidRole: () => new SimDiscordError(400, 50028, 'Invalid Role'),
  invalidWebhookToken: () => new SimDiscordError(401, 50027, 'Invalid Webhook Token'),
  bulkDeleteTooOld: () =>
    new SimDiscordError(400, 50034, 'You can only bulk delete messages that are under 14 days old.'),
  communityChannel: () => new SimDiscordError(400, 50074, 'Cannot delete a channel required for Community guilds'),
  threadExists: () => new SimDiscordError(400, 160004, 'A thread has already been created for this message'),
  /** 50035 with Discord's nested field errors, e.g. `invalidForm(['content'], 'BASE_TYPE_MAX_LENGTH', '…')`. */
  invalidForm: (path: (string | number)[], code: string, message: string) =>
    new SimDiscordError(400, 50035, 'Invalid Form Body', fieldError(path, code, message)),
};

/** `{ a: { b: { _errors: [{ code, message }] } } }` for path ['a', 'b'], the shape of Discord's 50035 errors. */
export function fieldError(path: (string | number)[], code: string, message: string): Record<string, unknown> {
  let node: Record<string, unknown> = { _errors: [{ code, message }] };
  for (let i = path.length - 1; i >= 0; i--) node = { [String(path[i])]: node };
  return node;
}
