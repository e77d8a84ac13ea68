import { stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ChannelMessageSource } from '../engine/channel-message-source.js';
import { exportChannel } from '../engine/export-channel.js';
import { isDirectory } from '../options/is-directory.js';
import { boundsOf } from '../options/option-bounds.js';
import { assertOutputFitsChannels, channelOutputs } from '../options/output-path.js';
import type { ExportJob, JobProgress } from './export-job.js';

/** A job's channel that lies outside the guild the job is confined to. */
export class ChannelOutsideGuildError extends Error {
  constructor(
    readonly channelId: string,
    readonly guildId: string,
  ) {
    super(`Channel ${channelId} is not in guild ${guildId}; an export job reads only the guild it was asked for.`);
    this.name = 'ChannelOutsideGuildError';
  }
}

export interface ExportJobDeps {
  /**
   * The channels the job's ids stand for, each as a source of its messages: categories stand for their
   * channels and threads are added as `includeThreads` says (helper A's DiscordChannelSource).
   */
  openSources(job: ExportJob, signal: AbortSignal): Promise<ChannelMessageSource[]>;
  /** The job's own folder: its files and the engine's checkpoints, the same on every attempt. */
  jobDir: string;
}

export interface ExportJobRunOptions {
  onProgress?: (progress: JobProgress) => void;
  /** Stops at the engine's next checkpoint; the run then throws the engine's ExportAbortedError. */
  signal: AbortSignal;
}

/** A file the job wrote, named relative to its folder with `/` separators. */
export interface ExportedFile {
  name: string;
  path: string;
  bytes: number;
}

export interface ExportJobResult {
  files: ExportedFile[];
  messages: number;
}

/**
 * Runs one export job: every channel of it through the engine, one after another, into the job's folder.
 * The output paths are filled from the job's creation time, not the clock, so a second attempt after a
 * crash or a shutdown names the same files and the engine resumes from the checkpoints beside them.
 */
export async function runExportJob(
  job: ExportJob,
  deps: ExportJobDeps,
  { onProgress, signal }: ExportJobRunOptions,
): Promise<ExportJobResult> {
  const { options } = job;
  const sources = await deps.openSources(job, signal);
  for (const source of sources) {
    if (source.guild.id !== job.guildId) throw new ChannelOutsideGuildError(source.channel.id, job.guildId);
  }
  assertOutputFitsChannels(join(deps.jobDir, options.output), sources.length, isDirectory);
  const files: ExportedFile[] = [];
  let messages = 0;
  for (const [index, source] of sources.entries()) {
    const done = messages;
    const result = await exportChannel({
      source,
      outputs: channelOutputs(join(deps.jobDir, options.output), options, source, new Date(job.createdAt), isDirectory),
      bounds: boundsOf(options),
      ...(options.filter === undefined ? {} : { filter: options.filter }),
      ...(options.partition === undefined ? {} : { partition: options.partition }),
      reverse: options.reverse,
      options: { locale: options.locale ?? 'en-US', utc: options.utc, markdown: options.markdown },
      signal,
      onProgress: (progress) =>
        onProgress?.({
          fraction: (index + Math.min(1, Math.max(0, progress.progress))) / sources.length,
          messages: done + progress.messages,
        }),
    });
    messages += result.messages;
    for (const output of result.files) {
      for (const path of output.paths) {
        files.push({ name: relative(deps.jobDir, path).split(sep).join('/'), path, bytes: (await stat(path)).size });
      }
    }
  }
  return { files, messages };
}
