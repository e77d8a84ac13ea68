import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { EXPORT_FORMATS } from '../options/export-format.js';

/**
 * `/export`: a channel (the current one by default) in a format, within bounds, through a filter. The
 * names are what `COMMAND_OWNERS` routes to this service. Only members who may manage messages see it by
 * default (an archive copies everyone's messages); servers can widen that in their integration settings.
 */
export const EXPORT_COMMAND: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: 'export',
  description: 'Export a channel’s messages to a file (HTML, JSON, CSV or text)',
  contexts: [InteractionContextType.Guild],
  default_member_permissions: String(PermissionFlagsBits.ManageMessages),
  options: [
    {
      type: ApplicationCommandOptionType.Channel,
      name: 'channel',
      description: 'The channel or thread to export (default: this one)',
      channel_types: [
        ChannelType.GuildText,
        ChannelType.GuildAnnouncement,
        ChannelType.GuildVoice,
        ChannelType.GuildStageVoice,
        ChannelType.PublicThread,
        ChannelType.PrivateThread,
        ChannelType.AnnouncementThread,
      ],
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'format',
      description: 'File format (default HtmlDark)',
      choices: EXPORT_FORMATS.map((format) => ({ name: format, value: format })),
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'after',
      description: 'Only messages after this date (2025-01-31) or message id',
      max_length: 40,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'before',
      description: 'Only messages before this date (2025-01-31) or message id',
      max_length: 40,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'filter',
      description: 'DiscordChatExporter filter, e.g. from:alice has:image -mentions:bob',
      max_length: 500,
    },
  ],
};
