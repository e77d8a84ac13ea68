import type { APIChannel } from 'discord-api-types/v10';
import type { ExportOptions } from '../options/export-options.js';
import { boundsOf } from '../options/option-bounds.js';
import { guildExportChannels } from '../source/channel-listing.js';
import { runChannelExports } from './channel-exports.js';
import { channelsOfIds, type UnresolvedChannel } from './channel-selection.js';
import { CliError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';
import { defaultLocale } from './default-locale.js';
import { connectDiscord, type DiscordConnection, type DiscordFlagValues } from './discord-flags.js';
import { type ExportFlagValues, exportOptionsFrom } from './export-flags.js';

export type ExportCommandValues = ExportFlagValues &
  DiscordFlagValues & {
    channel?: string[];
    guild?: string;
    includeVc?: string;
    includeDm?: string;
    includeGuilds?: string;
  };

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

/** A boolean option the export request does not hold (`--include-vc`), read as the request reads its own. */
export function booleanFlag(value: string | undefined, flag: string, defaultValue: boolean): boolean {
  if (value === undefined) return defaultValue;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new CliError(`Invalid options:\n  ${flag}: expected true or false, not "${value}"`);
}

/** The commands export channels of guilds the request has no id for; the check of the rest of the request needs one. */
const ANY_CHANNEL = ['0'];

interface Prepared {
  options: ExportOptions;
  discord: DiscordConnection;
}

/** Every option checked before Discord is asked anything, then the token. */
async function prepare(
  values: ExportCommandValues,
  channels: readonly string[],
  io: CliIo,
  channelFlag?: string,
): Promise<Prepared> {
  const options = exportOptionsFrom(values, channels, channelFlag);
  const discord = await connectDiscord(values, io);
  return { options, discord };
}

function run(
  prepared: Prepared,
  channels: readonly APIChannel[],
  io: CliIo,
  unresolved: readonly UnresolvedChannel[] = [],
) {
  const { options, discord } = prepared;
  return runChannelExports({
    discord,
    channels,
    unresolved,
    options,
    render: { locale: options.locale ?? defaultLocale(io.env), utc: options.utc, markdown: options.markdown },
    ...(options.incremental ? { incremental: options.incremental } : {}),
    io,
  });
}

/** `export -c <ids…>`: channels, threads and categories (a category stands for its channels). */
export async function exportChannels(values: ExportCommandValues, io: CliIo): Promise<number> {
  const prepared = await prepare(values, values.channel ?? [], io);
  const { options } = prepared;
  const selection = await channelsOfIds(prepared.discord, options.channels, {
    includeThreads: options.includeThreads,
    range: boundsOf(options),
  });
  return run(prepared, selection.channels, io, selection.unresolved);
}

/** `exportguild -g <id>`: every channel of the guild but categories; voice channels unless `--include-vc false`. */
export async function exportGuild(values: ExportCommandValues, io: CliIo): Promise<number> {
  const includeVoice = booleanFlag(values.includeVc, '--include-vc', true);
  const prepared = await prepare(values, [values.guild ?? ''], io, '--guild');
  const { options } = prepared;
  const channels = await guildExportChannels(prepared.discord.session, options.channels[0] as string, {
    includeVoice,
    includeThreads: options.includeThreads,
    range: boundsOf(options),
  });
  return run(prepared, channels, io);
}

/** `exportdm`: every DM and group DM of the bot. */
export async function exportDirectMessages(values: ExportCommandValues, io: CliIo): Promise<number> {
  const prepared = await prepare(values, ANY_CHANNEL, io);
  const channels = await prepared.discord.api.directChannels();
  if (channels.length === 0) {
    throw new CliError(
      'There is no DM channel to export: Discord lists no DM channels to a bot. Export a DM by its id with export -c.',
    );
  }
  return run(prepared, channels, io);
}

/** `exportall`: the DMs, then every guild's channels, as `--include-dm`, `--include-guilds` and `--include-vc` say. */
export async function exportAll(values: ExportCommandValues, io: CliIo): Promise<number> {
  const includeDm = booleanFlag(values.includeDm, '--include-dm', true);
  const includeGuilds = booleanFlag(values.includeGuilds, '--include-guilds', true);
  const includeVoice = booleanFlag(values.includeVc, '--include-vc', true);
  const prepared = await prepare(values, ANY_CHANNEL, io);
  const { discord } = prepared;
  const channels: APIChannel[] = [];
  if (includeDm) channels.push(...(await discord.api.directChannels()));
  if (includeGuilds) {
    const selection = {
      includeVoice,
      includeThreads: prepared.options.includeThreads,
      range: boundsOf(prepared.options),
    };
    for await (const guild of discord.api.guilds()) {
      channels.push(...(await guildExportChannels(discord.session, guild.id, selection)));
    }
  }
  return run(prepared, channels, io);
}
