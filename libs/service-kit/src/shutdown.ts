import type { Logger } from './logger.js';

export interface ShutdownOptions {
  logger: Logger;
  /** Longest the whole shutdown may take; past it the process exits 1, naming the stage that hung. */
  timeoutMs: number;
  /** Signals that start the shutdown; SIGTERM and SIGINT by default. A second one exits 1 at once. */
  signals?: readonly NodeJS.Signals[];
  /** Ends the process; `process.exit` by default. */
  exit?: (code: number) => void;
}

export interface Shutdown {
  /** Aborted as soon as shutdown begins: give it to the HTTP server's readiness and to work loops. */
  readonly signal: AbortSignal;
  /**
   * Adds a stage. Stages run one after another in the order they were added, for instance
   * `stop pulling` (consumers), `close http` (finishes in-flight requests), `close connections`.
   */
  stage(name: string, hook: () => unknown): void;
  /** Starts the shutdown as a signal would, e.g. after a fatal error; later calls return the same run. */
  run(reason: string): Promise<void>;
}

/**
 * Graceful shutdown in ordered stages. On the first SIGTERM or SIGINT: aborts {@link Shutdown.signal},
 * runs each stage and logs it, then exits 0 (1 if a stage threw; the later stages still run).
 */
export function createShutdown({
  logger,
  timeoutMs,
  signals = ['SIGTERM', 'SIGINT'],
  exit = (code) => process.exit(code),
}: ShutdownOptions): Shutdown {
  const stages: { name: string; hook: () => unknown }[] = [];
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  let currentStage = '(none)';

  async function runStages(reason: string): Promise<void> {
    const started = performance.now();
    logger.info({ reason, stages: stages.map((stage) => stage.name), timeoutMs }, 'shutdown started');
    controller.abort(new Error(`shutting down: ${reason}`));
    const timer = setTimeout(() => {
      logger.fatal(
        { stage: currentStage, timeoutMs },
        `shutdown timed out after ${timeoutMs} ms in stage "${currentStage}"`,
      );
      exit(1);
    }, timeoutMs);

    let failed = false;
    for (const { name, hook } of stages) {
      currentStage = name;
      const stageStarted = performance.now();
      try {
        await hook();
        logger.info({ stage: name, ms: Math.round(performance.now() - stageStarted) }, 'shutdown stage done');
      } catch (error) {
        failed = true;
        logger.error({ stage: name, err: error }, `shutdown stage "${name}" failed`);
      }
    }
    clearTimeout(timer);
    logger.info({ ms: Math.round(performance.now() - started), failed }, 'shutdown complete');
    exit(failed ? 1 : 0);
  }

  function run(reason: string): Promise<void> {
    running ??= runStages(reason);
    return running;
  }

  const onSignal = (signal: NodeJS.Signals) => {
    if (running === undefined) {
      void run(signal);
      return;
    }
    logger.fatal(
      { signal, stage: currentStage },
      `second ${signal} during shutdown stage "${currentStage}", exiting now`,
    );
    exit(1);
  };
  for (const signal of signals) process.on(signal, onSignal);

  return {
    signal: controller.signal,
    stage(name, hook) {
      stages.push({ name, hook });
    },
    run,
  };
}
