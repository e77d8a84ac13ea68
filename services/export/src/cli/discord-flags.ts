import { type Command, Option } from 'commander';
import { DiscordAccessError } from '../discord/discord-access-error.js';
import { createExportRest } from '../discord/discord-rest-client.js';
import { ExportDiscordApi } from '../discord/export-discord-api.js';
import { ExportSession } from '../resolve/export-session.js';
import { CliError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';

export const DISCORD_BOOLEAN_FLAGS = ['--rest-proxy'];

export interface DiscordFlagValues {
  token?: string;
  api?: string;
  cdn?: string;
  restProxy?: string;
}

/** The options of every command that talks to Discord. Environment variables are read in {@link connectDiscord}. */
export function addDiscordFlags(command: Command): Command {
  return command
    .addOption(new Option('-t, --token <token>', 'bot token (default: $DISCORD_TOKEN)'))
    .option(
      '--api <url>',
      "Discord's API, e.g. rest-proxy or the simulator's http://host:port/api (default: $DISCORD_API_URL, else Discord)",
    )
    .option(
      '--cdn <url>',
      "base of avatar, icon, emoji and sticker URLs (default: $DISCORD_CDN_URL, else Discord's CDN)",
    )
    .option('--rest-proxy [bool]', 'the --api URL is rest-proxy: leave rate limits to it');
}

/** A connection to Discord for one run: the API, and the session that caches guilds, channels and members. */
export interface DiscordConnection {
  api: ExportDiscordApi;
  session: ExportSession;
}

const isTrue = (value: string | undefined): boolean => /^(true|yes|on|1)$/i.test(value ?? '');

/**
 * Connects with the token of `--token` or `DISCORD_TOKEN` and checks it at once, as DCE does, so a
 * bad token fails before anything is written. The token is never printed.
 */
export async function connectDiscord(values: DiscordFlagValues, io: CliIo): Promise<DiscordConnection> {
  const token = (values.token ?? io.env.DISCORD_TOKEN ?? '').trim();
  if (token === '') throw new CliError('No token: pass --token or set DISCORD_TOKEN to the bot token.');
  const apiUrl = values.api ?? io.env.DISCORD_API_URL;
  const cdnUrl = values.cdn ?? io.env.DISCORD_CDN_URL;
  if (isTrue(values.restProxy) && apiUrl === undefined) throw new CliError('--rest-proxy needs --api (the proxy URL).');
  const rest = createExportRest(
    isTrue(values.restProxy) && apiUrl !== undefined
      ? { via: 'proxy', apiUrl, token }
      : { via: 'direct', token, ...(apiUrl === undefined ? {} : { apiUrl }) },
  );
  const api = new ExportDiscordApi(rest);
  try {
    await api.currentUser();
  } catch (error) {
    if (error instanceof DiscordAccessError && error.kind === 'unauthorized') {
      throw new CliError(`Authentication token is invalid. ${error.message}`);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`Cannot reach Discord at ${apiUrl ?? 'https://discord.com/api'}: ${reason}`);
  }
  return { api, session: new ExportSession(api, cdnUrl === undefined ? {} : { cdnUrl: cdnUrl.replace(/\/+$/, '') }) };
}
