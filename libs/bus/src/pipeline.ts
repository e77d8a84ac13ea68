import type { BusContext } from './context.js';
import type { PublishError } from './errors.js';
import { type PublishOptions, publish } from './publish.js';

export interface PipelineOptions {
  /** Publishes sent and not yet acknowledged by the server before `publish` says to wait; default 1024. */
  window?: number;
}

export interface PublishFailure {
  subject: string;
  msgId: string | undefined;
  error: PublishError;
}

/** What happened to the publishes since the previous flush. */
export interface PipelineResult {
  /** Stored by the server, duplicates included. */
  acknowledged: number;
  /** Dropped by the server because their msg id was already seen. */
  duplicates: number;
  /** Not stored; republishing with the same msg id is safe. */
  failures: PublishFailure[];
}

/**
 * Publishes without waiting for each ack in turn: up to `window` publishes are outstanding at
 * once, which is what makes thousands of events per second possible over one connection.
 *
 * Used like a Node stream's `write()`: publish while it returns true, then `await ready()`.
 * Publishing synchronously in a loop also lets the client send many messages in one socket
 * write; awaiting after every message would send each on its own.
 */
export interface PublishPipeline {
  /**
   * Sends the message and returns at once; false when the window is now full and the caller
   * should `await ready()` before publishing more. A failed publish never throws here: see {@link flush}.
   */
  publish(subject: string, payload: unknown, options?: PublishOptions): boolean;
  /** Resolves at once when the window has room, otherwise once half of it is free again. */
  ready(): Promise<void>;
  /** Waits until no publish is outstanding (each acknowledged or failed) and reports them. */
  flush(): Promise<PipelineResult>;
}

export function createPipeline(ctx: BusContext, options: PipelineOptions = {}): PublishPipeline {
  const window = options.window ?? 1024;
  // Waiting until half the window is free lets the caller send in bursts rather than one by one.
  const lowWater = Math.floor(window / 2);
  let outstanding = 0;
  let result: PipelineResult = { acknowledged: 0, duplicates: 0, failures: [] };
  let roomWaiters: Array<() => void> = [];
  let idleWaiters: Array<() => void> = [];

  const wake = (waiters: Array<() => void>) => {
    for (const resolve of waiters) resolve();
  };
  const settle = () => {
    outstanding--;
    if (outstanding <= lowWater && roomWaiters.length > 0) {
      wake(roomWaiters);
      roomWaiters = [];
    }
    if (outstanding === 0 && idleWaiters.length > 0) {
      wake(idleWaiters);
      idleWaiters = [];
    }
  };

  return {
    publish(subject, payload, publishOptions = {}) {
      outstanding++;
      publish(ctx, subject, payload, publishOptions).then(
        (ack) => {
          result.acknowledged++;
          if (ack.duplicate) result.duplicates++;
          settle();
        },
        (error: PublishError) => {
          result.failures.push({ subject, msgId: publishOptions.msgId, error });
          settle();
        },
      );
      return outstanding < window;
    },
    ready() {
      return outstanding < window ? Promise.resolve() : new Promise((resolve) => roomWaiters.push(resolve));
    },
    async flush() {
      if (outstanding > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
      const done = result;
      result = { acknowledged: 0, duplicates: 0, failures: [] };
      return done;
    },
  };
}
