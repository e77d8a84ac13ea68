import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import { CommanderError } from 'commander';
import { DiscordAccessError } from '../discord/discord-access-error.js';
import { ExportOptionsError } from '../options/export-options.js';
import { OutputPathError } from '../options/output-path.js';
import { normalizeBooleanArgs } from './boolean-args.js';
import { CliError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';
import { BOOLEAN_FLAGS, buildProgram } from './cli-program.js';

/**
 * Runs one command line (the arguments after the program name) and resolves to its exit code:
 * 0, or 1 with the reason on stderr (a bad option, a bad token, every channel failed), 130 when
 * stopped. Never throws and never exits the process; the bin does.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(normalizeBooleanArgs(args, BOOLEAN_FLAGS), { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      io.err(`${error.message}\n`);
      return error.exitCode;
    }
    if (
      error instanceof DiscordAccessError ||
      error instanceof OutputPathError ||
      error instanceof ExportOptionsError
    ) {
      io.err(`${error.message}\n`);
      return 1;
    }
    if (error instanceof DiscordAPIError || error instanceof HTTPError) {
      // Neither holds the token; the URL names what was asked.
      io.err(`Discord answered ${error.status} to ${error.method} ${error.url}: ${error.message}\n`);
      return 1;
    }
    io.err(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
