import type { ExportJob, JobProgress } from './export-job.js';
import type { ExportedFile } from './run-export-job.js';

/** Tells whoever asked for a job how it goes; errors are the notifier's to log, never the job's. */
export interface JobNotifier {
  progress(job: ExportJob, progress: JobProgress): Promise<void>;
  /** `files` are still on local disk while this runs. */
  done(job: ExportJob, files: readonly ExportedFile[], messages: number): Promise<void>;
  failed(job: ExportJob, reason: string): Promise<void>;
}

/** API clients poll `GET /exports/:id`; nothing is sent to them. */
export const silentNotifier: JobNotifier = {
  progress: async () => {},
  done: async () => {},
  failed: async () => {},
};
