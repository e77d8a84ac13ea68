import { type JsMsg, jetstream } from '@nats-io/jetstream';
import type { Bus } from '@platform/bus';
import { platformStreams } from '@platform/contracts';
import type { Logger } from 'pino';
import { type ExportJob, exportJobSchema } from './export-job.js';
import { ensureJobStreams } from './job-queue.js';

/** How a handler's run of a job ended, which decides what happens to its queue message. */
export type JobOutcome =
  /** Finished, or found finished: acknowledged, so the stream drops it. */
  | { kind: 'done' }
  /** Retrying cannot help (bad channel, no access) or the attempts are used up: dead-lettered with the reason. */
  | { kind: 'failed'; reason: string }
  /** Failed in a way a later run may not (Discord or storage down): redelivered after `delayMs`. */
  | { kind: 'retry'; delayMs: number }
  /** Stopped at a checkpoint by a shutdown: handed back at once for another worker to resume. */
  | { kind: 'interrupted' };

export interface JobContext {
  /** Aborted when the worker stops: reach a checkpoint and return `interrupted`. */
  signal: AbortSignal;
}

export type JobHandler = (job: ExportJob, context: JobContext) => Promise<JobOutcome>;

export interface JobWorkerOptions {
  handler: JobHandler;
  logger: Logger;
  /** Jobs run at once; each slot pulls its next job only when it is free. */
  concurrency: number;
  /** Time without a sign of life after which JetStream gives a job to another worker. */
  ackWaitMs: number;
  /** How long one pull waits for a job; short, so a stop is not held up by it. */
  pullExpiresMs?: number;
}

export interface JobWorker {
  /** Stops pulling, interrupts the running jobs, waits for them to reach a checkpoint and hand their jobs back. */
  stop(): Promise<void>;
}

/** Every replica shares this durable, so each job goes to one of them. */
export const JOB_CONSUMER = 'jobs';

/**
 * Serves the export work queue with durable pull consumers shared by every replica.
 *
 * It pulls one message per free slot rather than going through `bus.consume`: that consumer fetches the
 * next batch while handlers run, which suits short messages but would have a busy worker hold a job
 * (and let its ack wait run) that an idle replica could be running. While a job runs, its ack deadline is
 * extended every third of `ackWaitMs`, so only a worker that died lets its job go to another.
 *
 * Attempts are counted by the handler (in the job's state), not by JetStream: a shutdown hands a job
 * back without spending one, so the consumer itself never gives up on a message.
 */
export async function startJobWorker(bus: Bus, options: JobWorkerOptions): Promise<JobWorker> {
  const { handler, concurrency, ackWaitMs } = options;
  const log = options.logger.child({ component: 'job-worker' });
  const stream = platformStreams(bus.namespace).exportJobs.name;
  const durable = bus.namespace.resource(`${bus.name}_${JOB_CONSUMER}`);
  await ensureJobStreams(bus);
  await bus.ensureConsumer({
    stream,
    durable,
    ackWaitMs,
    // Attempts are the handler's to count; this only bounds a message that crashes every worker it reaches.
    maxDeliver: 1_000,
    maxAckPending: 10_000,
  });
  const consumer = await jetstream(bus.connection).consumers.get(stream, durable);
  const stopping = new AbortController();
  const expires = options.pullExpiresMs ?? 5_000;

  async function slot(): Promise<void> {
    while (!stopping.signal.aborted && !bus.connection.isClosed()) {
      let msg: JsMsg | null;
      try {
        msg = await consumer.next({ expires });
      } catch (error) {
        if (stopping.signal.aborted || bus.connection.isClosed()) return;
        log.warn({ err: error }, 'pulling a job failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      if (!msg) continue;
      // A job that arrived as the worker stopped goes straight back to the others.
      if (stopping.signal.aborted) msg.nak();
      else await run(msg);
    }
  }

  async function run(msg: JsMsg): Promise<void> {
    let job: ExportJob;
    try {
      job = exportJobSchema.parse(msg.json());
    } catch (error) {
      log.error({ err: error, seq: msg.info.streamSequence }, 'invalid job on the work queue; dead-lettered');
      await settle(msg, { kind: 'failed', reason: `invalid job: ${String(error)}` }, 'invalid_payload');
      return;
    }
    const heartbeat = setInterval(() => msg.working(), Math.max(1_000, ackWaitMs / 3));
    let outcome: JobOutcome;
    try {
      outcome = await handler(job, { signal: stopping.signal });
    } catch (error) {
      // The handler records its own failures; one that escapes it is retried as a fault of the moment.
      log.error({ err: error, job: job.id }, 'job handler threw; retrying later');
      outcome = { kind: 'retry', delayMs: 5_000 };
    } finally {
      clearInterval(heartbeat);
    }
    await settle(msg, outcome, 'permanent');
  }

  async function settle(msg: JsMsg, outcome: JobOutcome, reasonClass: 'permanent' | 'invalid_payload') {
    try {
      switch (outcome.kind) {
        case 'done':
          // Confirmed, so a job reported done is not run again by a redelivery racing the ack.
          await msg.ackAck();
          break;
        case 'failed':
          // The worker pulls jobs itself, so the bus's consumer cannot dead-letter them for it.
          await bus.deadLetter(msg, reasonClass, outcome.reason);
          msg.term(`dead-lettered: ${reasonClass}`);
          break;
        case 'retry':
          msg.nak(outcome.delayMs);
          break;
        case 'interrupted':
          msg.nak();
          break;
      }
    } catch (error) {
      // The connection is gone; JetStream redelivers after the ack wait and the job's state says what is left.
      log.warn({ err: error, seq: msg.info.streamSequence, outcome: outcome.kind }, 'could not settle a job message');
    }
  }

  const slots = Array.from({ length: concurrency }, () => slot());
  log.info({ stream, consumer: durable, concurrency }, 'job worker started');
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        stopping.abort(new Error('worker stopping'));
        await Promise.all(slots);
        if (!bus.connection.isClosed()) await bus.connection.flush();
        log.info('job worker stopped');
      })();
      return stopped;
    },
  };
}
