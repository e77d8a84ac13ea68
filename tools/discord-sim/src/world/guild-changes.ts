import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildVerificationLevel,
  Locale,
} from 'discord-api-types/v10';
import { discordErrors } from './errors.js';
import { checkChoice, checkLength, enumValues } from './field-checks.js';
import type { GuildLayout, GuildSettings } from './layout.js';
import type { GuildPatch } from './world.js';

const AFK_TIMEOUTS: readonly number[] = [60, 300, 900, 1800, 3600];
const SETTINGS: readonly (keyof GuildSettings)[] = [
  'name',
  'description',
  'afk_channel_id',
  'afk_timeout',
  'system_channel_id',
  'verification_level',
  'default_message_notifications',
  'explicit_content_filter',
  'preferred_locale',
];

/** Checks every field of the patch against the guild, then applies it to its settings. */
export function applyGuildPatch(guild: GuildLayout, patch: GuildPatch): void {
  if (patch.name !== undefined) checkLength('name', patch.name, 2, 100);
  if (patch.description !== undefined && patch.description !== null)
    checkLength('description', patch.description, 0, 120);
  if (patch.afk_timeout !== undefined) checkChoice('afk_timeout', patch.afk_timeout, AFK_TIMEOUTS);
  if (patch.verification_level !== undefined)
    checkChoice('verification_level', patch.verification_level, enumValues(GuildVerificationLevel));
  if (patch.default_message_notifications !== undefined)
    checkChoice(
      'default_message_notifications',
      patch.default_message_notifications,
      enumValues(GuildDefaultMessageNotifications),
    );
  if (patch.explicit_content_filter !== undefined)
    checkChoice('explicit_content_filter', patch.explicit_content_filter, enumValues(GuildExplicitContentFilter));
  if (patch.preferred_locale !== undefined)
    checkChoice('preferred_locale', patch.preferred_locale, Object.values(Locale));
  checkChannel(guild, 'afk_channel_id', patch.afk_channel_id, ChannelType.GuildVoice);
  checkChannel(guild, 'system_channel_id', patch.system_channel_id, ChannelType.GuildText);

  const settings: Partial<Record<keyof GuildSettings, unknown>> = guild.settings;
  for (const key of SETTINGS) if (patch[key] !== undefined) settings[key] = patch[key];
}

/** A channel setting names a channel of the guild of the right type, or null to unset it. */
function checkChannel(guild: GuildLayout, field: string, id: string | null | undefined, type: ChannelType): void {
  if (id === undefined || id === null) return;
  const channel = guild.channels.find((c) => c.id === id);
  if (!channel) throw discordErrors.unknownChannel();
  if (channel.type !== type)
    throw discordErrors.invalidForm([field], 'CHANNEL_TYPE_INVALID', `Must be a channel of type ${type}.`);
}
