import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How a run of a job ended: done, failed for good, to be retried, or handed back at a shutdown. */
export type JobRunOutcome = 'done' | 'failed' | 'retry' | 'interrupted';

export interface JobMetrics {
  jobs: Counter<'outcome'>;
  /** One run of a job, from its start on a worker to its end, by outcome. */
  duration: Histogram<'outcome'>;
  /** From the request to the first start on a worker. */
  queueWait: Histogram;
  running: Gauge;
  messages: Counter;
  bytes: Counter;
}

export function createJobMetrics(registry: Registry): JobMetrics {
  const registers = [registry];
  return {
    jobs: new Counter({
      name: 'export_jobs_total',
      help: 'Runs of export jobs, by outcome (done, failed, retry, interrupted)',
      labelNames: ['outcome'],
      registers,
    }),
    duration: new Histogram({
      name: 'export_job_duration_seconds',
      help: 'Time one run of an export job took on a worker, by outcome',
      labelNames: ['outcome'],
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200],
      registers,
    }),
    queueWait: new Histogram({
      name: 'export_job_queue_wait_seconds',
      help: 'Time from an export being asked for to a worker starting it',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    }),
    running: new Gauge({ name: 'export_jobs_running', help: 'Export jobs running on this replica', registers }),
    messages: new Counter({
      name: 'export_messages_total',
      help: 'Messages written by finished export runs',
      registers,
    }),
    bytes: new Counter({
      name: 'export_written_bytes_total',
      help: 'Bytes of export files stored by finished export runs',
      registers,
    }),
  };
}
