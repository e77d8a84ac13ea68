import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ExportJob, JobProgress } from './export-job.js';
import { failureReason, isPermanentJobError } from './job-failure.js';
import type { JobMetrics, JobRunOutcome } from './job-metrics.js';
import type { JobNotifier } from './job-notifier.js';
import type { JobStore } from './job-store.js';
import type { JobHandler, JobOutcome } from './job-worker.js';
import { type OutputStorage, storedFileKey } from './output-storage.js';
import { createRateGate } from './rate-gate.js';
import { type ExportJobDeps, runExportJob } from './run-export-job.js';

/** Waits before the 2nd, 3rd… attempt of a job that failed for a while; the last one repeats. */
const RETRY_DELAYS_MS = [5_000, 30_000, 120_000];
/** Least time between two writes of a running job's progress to its state. */
const STORE_PROGRESS_MS = 1_000;

export interface JobRunnerOptions {
  store: JobStore;
  storage: OutputStorage;
  /** Who is told how a job goes, by who asked for it. */
  notifierFor(job: ExportJob): JobNotifier;
  metrics: JobMetrics;
  logger: Logger;
  /** This replica, as the job's state names its worker. */
  workerId: string;
  /** Each job works in `<workDir>/<job id>/`. */
  workDir: string;
  openSources: ExportJobDeps['openSources'];
  /** Attempts of a job failing for a while before it is given up on. */
  maxAttempts: number;
  /** Least time between two progress edits in Discord. */
  progressIntervalMs: number;
  /**
   * How long a running job is held by its worker without a sign of life in its state (the queue's ack
   * wait): a redelivery inside it, to a second worker, waits rather than running the job twice.
   */
  leaseMs: number;
  now?: () => number;
}

/**
 * The work-queue handler: takes a job from its state, runs it, stores its files and tells who asked.
 * A job found finished is only acknowledged; one stopped by a shutdown goes back to the queue as queued,
 * its folder and checkpoints kept for the next attempt; one failing for good is marked failed with the
 * reason, and the worker dead-letters it.
 */
export function createJobRunner(options: JobRunnerOptions): JobHandler {
  const { store, storage, metrics, logger, maxAttempts } = options;
  const now = options.now ?? Date.now;

  return async function runJob(job, { signal }): Promise<JobOutcome> {
    const log = logger.child({ job: job.id, guild: job.guildId });
    const start = await store.start(job.id, options.workerId, options.leaseMs);
    if (start === 'finished') {
      log.info('job already finished; acknowledging its message');
      return { kind: 'done' };
    }
    if (start === 'busy') {
      log.warn('job redelivered while another worker still runs it; waiting');
      return { kind: 'retry', delayMs: options.leaseMs };
    }
    if (start.attempt === 1) metrics.queueWait.observe(Math.max(0, start.startedAt.getTime() - job.createdAt) / 1000);
    const notifier = options.notifierFor(job);
    let told: Promise<void> = Promise.resolve();
    // Discord edits go out one after another, so a slow progress edit never lands after the result.
    const tell = (send: () => Promise<void>) => {
      told = told.then(send).catch((error: unknown) => log.warn({ err: error }, 'could not notify'));
    };
    const storeGate = createRateGate(STORE_PROGRESS_MS, now);
    const notifyGate = createRateGate(options.progressIntervalMs, now);
    const onProgress = (progress: JobProgress) => {
      if (storeGate())
        void store
          .progress(job.id, progress)
          .catch((error: unknown) => log.warn({ err: error }, 'could not save progress'));
      if (notifyGate()) tell(() => notifier.progress(job, progress));
    };
    onProgress({ fraction: 0, messages: 0 });

    const jobDir = join(options.workDir, job.id);
    metrics.running.inc();
    const stopTimer = metrics.duration.startTimer();
    const finish = (outcome: JobRunOutcome) => {
      metrics.running.dec();
      stopTimer({ outcome });
      metrics.jobs.inc({ outcome });
    };
    log.info({ attempt: start.attempt }, 'export job started');
    const lease = setInterval(
      () => void store.touch(job.id).catch((error: unknown) => log.warn({ err: error }, 'could not renew the lease')),
      Math.max(1_000, options.leaseMs / 3),
    );
    try {
      await mkdir(jobDir, { recursive: true });
      const result = await runExportJob(job, { jobDir, openSources: options.openSources }, { onProgress, signal });
      for (const file of result.files) await storage.put(storedFileKey(job.id, file.name), file.path);
      await store.finish(
        job.id,
        result.files.map(({ name, bytes }) => ({ name, bytes })),
        result.messages,
      );
      tell(() => notifier.done(job, result.files, result.messages));
      await told;
      await rm(jobDir, { recursive: true, force: true });
      metrics.messages.inc(result.messages);
      metrics.bytes.inc(result.files.reduce((sum, file) => sum + file.bytes, 0));
      finish('done');
      log.info({ messages: result.messages, files: result.files.length }, 'export job done');
      return { kind: 'done' };
    } catch (error) {
      await told;
      if (signal.aborted) {
        await store.requeue(job.id);
        finish('interrupted');
        log.info('export job interrupted by shutdown; handed back with its checkpoints');
        return { kind: 'interrupted' };
      }
      const reason = failureReason(error);
      if (isPermanentJobError(error) || start.attempt >= maxAttempts) {
        await store.fail(job.id, reason);
        await notifier.failed(job, reason);
        await rm(jobDir, { recursive: true, force: true });
        finish('failed');
        log.warn({ err: error, attempt: start.attempt }, 'export job failed');
        return { kind: 'failed', reason };
      }
      await store.requeue(job.id);
      finish('retry');
      const delayMs = RETRY_DELAYS_MS[Math.min(start.attempt, RETRY_DELAYS_MS.length) - 1] ?? 0;
      log.warn({ err: error, attempt: start.attempt, retryInMs: delayMs }, 'export job failed; retrying later');
      return { kind: 'retry', delayMs };
    } finally {
      clearInterval(lease);
    }
  };
}
