import {
  type APIApplicationCommandInteractionDataBasicOption,
  type APIChatInputApplicationCommandInteraction,
  ApplicationCommandOptionType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import {
  type ExportOptionIssue,
  type ExportOptions,
  ExportOptionsError,
  parseExportOptions,
} from '../options/export-options.js';

/** What `/export` asks for, or why it cannot be done, said to the member who ran it. */
export type ParsedExportCommand = { ok: true; options: ExportOptions } | { ok: false; message: string };

/** Reading a channel's history needs both; Discord computes them per member in the option's resolved channel. */
const READ_HISTORY = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;

/**
 * The export options of a `/export` interaction, checked by the same schema as the HTTP API and the CLI.
 * The member must be able to read the channel's history themselves: the bot reads for them.
 */
export function parseExportCommand(interaction: APIChatInputApplicationCommandInteraction): ParsedExportCommand {
  const given = new Map<string, APIApplicationCommandInteractionDataBasicOption>();
  for (const option of interaction.data.options ?? []) {
    if (
      option.type !== ApplicationCommandOptionType.Subcommand &&
      option.type !== ApplicationCommandOptionType.SubcommandGroup
    ) {
      given.set(option.name, option);
    }
  }
  const text = (name: string) => {
    const option = given.get(name);
    return option && 'value' in option ? String(option.value) : undefined;
  };
  const channelId = text('channel') ?? interaction.channel?.id ?? interaction.channel_id;
  if (!channelId) return { ok: false, message: 'Name the channel to export with the `channel` option.' };
  const resolved =
    interaction.data.resolved?.channels?.[channelId] ??
    (interaction.channel?.id === channelId ? interaction.channel : undefined);
  const permissions = resolved && 'permissions' in resolved ? resolved.permissions : undefined;
  if (permissions !== undefined && (BigInt(permissions) & READ_HISTORY) !== READ_HISTORY) {
    return { ok: false, message: `You cannot read the history of <#${channelId}>, so it cannot be exported for you.` };
  }
  const input: Record<string, unknown> = { channels: [channelId] };
  for (const [option, field] of [
    ['format', 'formats'],
    ['after', 'after'],
    ['before', 'before'],
    ['filter', 'filter'],
  ] as const) {
    const value = text(option);
    if (value !== undefined) input[field] = value;
  }
  try {
    return { ok: true, options: parseExportOptions(input) };
  } catch (error) {
    if (!(error instanceof ExportOptionsError)) throw error;
    return { ok: false, message: describeIssues(error.issues) };
  }
}

/** Option names as the member typed them, not the schema's fields. */
const OPTION_NAMES: Record<string, string> = { formats: 'format', channels: 'channel' };

function describeIssues(issues: readonly ExportOptionIssue[]): string {
  const lines = issues.map((issue) => {
    const field = issue.field.split('.')[0] ?? '';
    return `- \`${OPTION_NAMES[field] ?? field}\`: ${issue.message}`;
  });
  return ['The export was not started:', ...lines].join('\n');
}
