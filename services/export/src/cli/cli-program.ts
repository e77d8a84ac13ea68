import { Command } from 'commander';
import { channelsText, directChannelsText, guildsText } from './channel-listings.js';
import type { CliIo } from './cli-io.js';
import { addDiscordFlags, connectDiscord, DISCORD_BOOLEAN_FLAGS, type DiscordFlagValues } from './discord-flags.js';
import {
  booleanFlag,
  type ExportCommandValues,
  exportAll,
  exportChannels,
  exportDirectMessages,
  exportGuild,
} from './export-commands.js';
import {
  addExportFlags,
  addFormatFlags,
  EXPORT_BOOLEAN_FLAGS,
  type ExportFlagValues,
  exportOptionsFrom,
} from './export-flags.js';
import { runRender } from './render-command.js';

/** Every option that takes `true`/`false` or nothing, for boolean-args.ts. */
export const BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  ...EXPORT_BOOLEAN_FLAGS,
  ...DISCORD_BOOLEAN_FLAGS,
  '--include-vc',
  '--include-dm',
  '--include-guilds',
]);

/**
 * DiscordChatExporter's commands and options (export, exportguild, exportdm, exportall, guilds,
 * channels, dm), and `render` of an existing JSON export. Each action sets the exit code through
 * `setExitCode`; failures are thrown (cli-errors.ts) and reported by main.ts.
 */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('discord-export')
    .description("Exports Discord channels in DiscordChatExporter's formats, streamed, incremental and resumable")
    .showHelpAfterError('(run with --help for the options)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    // Before the commands are added, which inherit it: main.ts turns a usage error into an exit code.
    .exitOverride();

  const exportCommand = (name: string, description: string) =>
    addExportFlags(addDiscordFlags(program.command(name).description(description)));

  exportCommand('export', 'export channels, threads or categories')
    .requiredOption('-c, --channel <ids...>', 'channel, thread or category ids (a category stands for its channels)')
    .action(async (values: ExportCommandValues) => setExitCode(await exportChannels(values, io)));

  exportCommand('exportguild', "export a guild's channels")
    .requiredOption('-g, --guild <id>', 'guild id')
    .option('--include-vc [bool]', 'include voice channels (true by default)')
    .action(async (values: ExportCommandValues) => setExitCode(await exportGuild(values, io)));

  exportCommand('exportdm', 'export every direct message channel').action(async (values: ExportCommandValues) =>
    setExitCode(await exportDirectMessages(values, io)),
  );

  exportCommand('exportall', 'export every accessible channel')
    .option('--include-dm [bool]', 'include direct messages (true by default)')
    .option('--include-guilds [bool]', 'include guild channels (true by default)')
    .option('--include-vc [bool]', 'include voice channels (true by default)')
    .action(async (values: ExportCommandValues) => setExitCode(await exportAll(values, io)));

  addDiscordFlags(program.command('guilds').description('list the guilds of the bot')).action(
    async (values: DiscordFlagValues) => {
      io.out(await guildsText(await connectDiscord(values, io)));
    },
  );

  addDiscordFlags(program.command('channels').description("list a guild's channels"))
    .requiredOption('-g, --guild <id>', 'guild id')
    .option('--include-vc [bool]', 'include voice channels (true by default)')
    .option('--include-threads [mode]', 'threads: none, active or all (alone: active)')
    .action(
      async (values: DiscordFlagValues & { guild: string; includeVc?: string; includeThreads?: string | true }) => {
        const includeVoice = booleanFlag(values.includeVc, '--include-vc', true);
        // The thread mode is read as the export request reads it, so both accept the same words.
        const { includeThreads } = exportOptionsFrom(
          values.includeThreads === undefined ? {} : { includeThreads: values.includeThreads },
          [values.guild],
        );
        const discord = await connectDiscord(values, io);
        io.out(await channelsText(discord, values.guild, includeVoice, includeThreads));
      },
    );

  addDiscordFlags(program.command('dm').description('list the direct message channels of the bot')).action(
    async (values: DiscordFlagValues) => {
      io.out(await directChannelsText(await connectDiscord(values, io)));
    },
  );

  addFormatFlags(
    program
      .command('render')
      .description('re-render a DiscordChatExporter JSON export to other formats, without Discord')
      .argument('<input>', 'the JSON export'),
  ).action(async (input: string, values: ExportFlagValues) => runRender(input, values, io));

  return program;
}
