import type { Bus } from '@platform/bus';
import { platformStreams } from '@platform/contracts';
import type { ExportJob } from './export-job.js';

/** The subject jobs are published on, inside the work-queue stream's `export.jobs.>`. */
export function jobSubject(bus: Bus): string {
  return bus.subjects.domain('export', 'jobs', 'run');
}

/** Creates the work-queue stream (and the dead-letter stream failed jobs go to); idempotent. */
export async function ensureJobStreams(bus: Bus): Promise<void> {
  const streams = platformStreams(bus.namespace);
  await bus.ensureStream(streams.exportJobs);
  await bus.ensureStream(streams.deadLetters);
}

/**
 * Puts a job on the work queue. Its id is the message id, so a job published twice (a retried request,
 * a replica that restarted mid-publish) is stored once within the stream's duplicate window; outside it
 * the worker finds the job finished and only acknowledges the copy.
 */
export async function enqueueJob(bus: Bus, job: ExportJob): Promise<void> {
  await bus.publish(jobSubject(bus), job, { msgId: job.id });
}
