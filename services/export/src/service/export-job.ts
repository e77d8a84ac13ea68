import { z } from 'zod';
import { type ExportOptions, exportOptionsSchema } from '../options/export-options.js';

const snowflake = z.string().regex(/^\d{1,20}$/, 'expected an id: digits only');

/** Who asked for a job, which decides where its progress and result are told. */
export const jobRequesterSchema = z.discriminatedUnion('kind', [
  /** A client of the HTTP API, which polls `GET /exports/:id`. */
  z.object({ kind: z.literal('api') }),
  /** Someone who ran `/export`: the deferred reply is edited with progress and the result. */
  z.object({
    kind: z.literal('interaction'),
    interactionId: snowflake,
    applicationId: snowflake,
    /** Valid for 15 minutes from the interaction; after that the result goes to the channel as a message. */
    token: z.string().min(1),
    channelId: snowflake,
    userId: snowflake,
  }),
]);

export type JobRequester = z.infer<typeof jobRequesterSchema>;

/**
 * One export job as it travels on the work queue: the validated options (the same request the CLI
 * takes), the guild they are confined to and who asked. The options were validated when the job was
 * made and are validated again where a worker takes it.
 */
export const exportJobSchema = z.object({
  id: z.uuid(),
  guildId: snowflake,
  options: exportOptionsSchema,
  requester: jobRequesterSchema,
  /** Milliseconds since the epoch; the queue wait is measured from it. */
  createdAt: z.number().int(),
});

export type ExportJob = z.output<typeof exportJobSchema>;

/** Where a job stands: waiting for a worker, being exported, finished with files, or given up on. */
export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** How far a running job has come. */
export interface JobProgress {
  /** 0 to 1 over all the job's channels, by time as DiscordChatExporter reports it. */
  fraction: number;
  /** Messages written so far. */
  messages: number;
}

/** One file a finished job wrote, named by its path relative to the job. */
export interface JobFile {
  name: string;
  bytes: number;
}

/** What any replica can tell about a job. */
export interface JobStatus {
  id: string;
  guildId: string;
  state: JobState;
  progress: JobProgress;
  files: JobFile[];
  /** Why the job failed, for a person. */
  error: string | null;
  /** Runs started, including the one in progress; more than one after a crash, a shutdown or a retry. */
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  requester: JobRequester;
  options: ExportOptions;
}
