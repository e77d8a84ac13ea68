import type { APIChannel } from 'discord-api-types/v10';
import pLimit from 'p-limit';
import { DiscordAccessError } from '../discord/discord-access-error.js';
import type { ChannelMessageSource } from '../engine/channel-message-source.js';
import { exportChannel } from '../engine/export-channel.js';
import { ExportAbortedError } from '../engine/export-errors.js';
import type { ExportChannelResult, ExportOutput, IncrementalMode } from '../engine/export-request.js';
import { AssetDownloader } from '../media/asset-downloader.js';
import { withLocalIcons } from '../media/local-icon-source.js';
import { localizeMedia, type MediaTarget } from '../media/localize-media.js';
import type { ExportChannel, ExportMessage } from '../model/export-document.js';
import { type ExportOptions, fetchesReactionUsers } from '../options/export-options.js';
import { isDirectory } from '../options/is-directory.js';
import { boundsOf } from '../options/option-bounds.js';
import { assertOutputFitsChannels, channelOutputs, resolveMediaDir } from '../options/output-path.js';
import { DiscordChannelSource } from '../source/discord-channel-source.js';
import type { RenderOptions } from '../writers/message-writer.js';
import type { UnresolvedChannel } from './channel-selection.js';
import { CliError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';
import type { DiscordConnection } from './discord-flags.js';
import { type ChannelNote, type ExportOutcome, exportSummary } from './export-summary.js';
import { ProgressDisplay } from './progress-display.js';

export interface ChannelExportsRequest {
  discord: DiscordConnection;
  channels: readonly APIChannel[];
  /** Ids that could not be resolved: counted and listed as failed channels. */
  unresolved?: readonly UnresolvedChannel[];
  options: ExportOptions;
  render: RenderOptions;
  incremental?: IncrementalMode;
  io: CliIo;
}

/** DCE's name of a channel in its lists: `Category / channel`. */
const hierarchicalName = (channel: Pick<ExportChannel, 'category' | 'name'>): string =>
  channel.category === null ? channel.name : `${channel.category} / ${channel.name}`;

/** Where a channel's media go: `--media-dir`, or beside its first output, shared by all its formats. */
function mediaTarget(
  downloader: AssetDownloader,
  options: ExportOptions,
  source: ChannelMessageSource,
  first: ExportOutput,
  now: Date,
): MediaTarget {
  const context = { guild: source.guild, channel: source.channel, format: first.format, now, utc: options.utc };
  return {
    downloader,
    formats: options.formats,
    outputFilePath: first.path,
    mediaDir: resolveMediaDir(options.mediaDir, first.path, context),
  };
}

function resultLine(name: string, result: ExportChannelResult): string {
  const files = result.files.flatMap((output) => output.paths);
  const resumed = result.resumed ? ' (resumed)' : '';
  return `Exported ${name}${resumed}: ${result.messages} message(s)${files.length > 0 ? ` to ${files.join(', ')}` : ''}`;
}

/**
 * Exports the channels, `--parallel` at a time, each with a progress bar, then prints DCE's summary.
 * A channel Discord refuses (403, 404) or that fails otherwise is listed and the others go on; a bad
 * token stops the run. Returns the exit code: 1 only when every channel failed, as in DCE.
 */
export async function runChannelExports(request: ChannelExportsRequest): Promise<number> {
  const { discord, channels, options, io } = request;
  const unresolved = request.unresolved ?? [];
  const total = channels.length + unresolved.length;
  if (total === 0) throw new CliError('There is no channel to export.');
  assertOutputFitsChannels(options.output, total, isDirectory);

  const now = new Date();
  const fatal = new AbortController();
  const signal = io.signal ? AbortSignal.any([io.signal, fatal.signal]) : fatal.signal;
  const media = options.media ? new AssetDownloader({ reuse: options.reuseMedia }) : undefined;
  const progress = new ProgressDisplay(io, options.parallel > 1);
  const warnings: ChannelNote[] = [];
  const errors: ChannelNote[] = unresolved.map(({ id, error }) => ({
    channel: `Channel ${id}`,
    message: error.message,
  }));
  let exported = 0;
  let fatalError: unknown;

  const exportOne = async (discordChannel: APIChannel): Promise<void> => {
    let name = discordChannel.name ?? `Channel ${discordChannel.id}`;
    const bar = progress.start(name);
    try {
      let source: ChannelMessageSource = await DiscordChannelSource.open(discord.session, discordChannel, {
        ...request.render,
        reactionUsers: fetchesReactionUsers(options),
        exportedAt: now.getTime(),
      });
      name = hierarchicalName(source.channel);
      bar.rename(name);
      const outputs = channelOutputs(options.output, options, source, now, isDirectory);
      let localize: ((message: ExportMessage) => Promise<ExportMessage>) | undefined;
      if (media) {
        const target = mediaTarget(media, options, source, outputs[0] as ExportOutput, now);
        source = await withLocalIcons(source, target);
        localize = (message) => localizeMedia(message, target);
      }
      const result = await exportChannel({
        source,
        outputs,
        bounds: boundsOf(options),
        ...(options.filter === undefined ? {} : { filter: options.filter }),
        ...(options.partition === undefined ? {} : { partition: options.partition }),
        reverse: options.reverse,
        options: request.render,
        ...(localize ? { localize } : {}),
        ...(request.incremental ? { incremental: request.incremental } : {}),
        onProgress: ({ messages, progress: fraction }) => bar.update(fraction, messages),
        signal,
      });
      exported++;
      if (result.messages === 0 && result.newMessages === 0 && !request.incremental) {
        warnings.push({ channel: name, message: 'The channel contains no messages for the specified period.' });
      }
      bar.done(resultLine(name, result));
    } catch (error) {
      bar.done(`Failed to export ${name}`);
      if ((error instanceof DiscordAccessError && error.fatal) || error instanceof ExportAbortedError) {
        fatalError ??= error;
        fatal.abort(error);
        return;
      }
      if (signal.aborted) return;
      errors.push({ channel: name, message: error instanceof Error ? error.message : String(error) });
    }
  };

  const limit = pLimit(options.parallel);
  await Promise.all(channels.map((channel) => limit(() => exportOne(channel))));
  progress.stop();
  if (fatalError instanceof ExportAbortedError) {
    throw new CliError('Stopped. Run the same command again to resume each channel from its checkpoint.', 130);
  }
  if (fatalError) throw fatalError;

  const outcome: ExportOutcome = { exported, warnings, errors, media: media?.warnings ?? [] };
  io.out(exportSummary(outcome));
  if (errors.length >= total) {
    io.err('Export failed.\n');
    return 1;
  }
  return 0;
}
