import type { ExportJob, JobFile, JobProgress, JobStatus } from './export-job.js';

/** What a worker learns when it takes a job. */
export interface JobStart {
  /** This run's number, 1 for the first. */
  attempt: number;
  /** When the first run began: the queue wait ends there. */
  startedAt: Date;
}

/** Job state shared by every replica. Only the worker holding a job's queue message changes it after creation. */
export interface JobStore {
  /** Records a new job as queued; `false` when its id was already known, which leaves that job as it is. */
  create(job: ExportJob): Promise<boolean>;
  get(id: string): Promise<JobStatus | undefined>;
  /**
   * Marks the job running on `worker` and counts the attempt. `finished` when it is already done or
   * failed (a queue message redelivered after its job ended): the worker only acknowledges it. `busy` when
   * another worker ran it within `leaseMs` (a redelivery to a worker that missed its deadline but lives):
   * two runs would write the same files, so this one waits.
   */
  start(id: string, worker: string, leaseMs: number): Promise<JobStart | 'finished' | 'busy'>;
  /** Renews the running job's lease; its progress does too. */
  touch(id: string): Promise<void>;
  progress(id: string, progress: JobProgress): Promise<void>;
  /** The job was interrupted (shutdown) and waits for another worker, keeping its progress. */
  requeue(id: string): Promise<void>;
  finish(id: string, files: readonly JobFile[], messages: number): Promise<void>;
  fail(id: string, reason: string): Promise<void>;
}
