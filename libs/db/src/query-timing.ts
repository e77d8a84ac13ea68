import type pg from 'pg';

type QueryCallback = (error: Error | null, result: unknown) => void;
type AnyQuery = (...args: unknown[]) => unknown;

/**
 * Replaces `client.query` with one that reports each query's duration and outcome.
 * Covers the three ways pg is called: promise, callback (how `pool.query` calls it),
 * and submittables such as COPY streams, which are passed through untimed because they end on their own events.
 */
export function timeQueries(client: pg.ClientBase, observe: (seconds: number, ok: boolean) => void): void {
  const query = client.query.bind(client) as AnyQuery;
  const timed: AnyQuery = (...args) => {
    const first = args[0] as { submit?: unknown } | null | undefined;
    if (typeof first?.submit === 'function') return query(...args);

    const started = performance.now();
    const done = (ok: boolean) => observe((performance.now() - started) / 1000, ok);
    const callbackAt = args.findIndex((arg, index) => index > 0 && typeof arg === 'function');
    if (callbackAt > 0) {
      const callback = args[callbackAt] as QueryCallback;
      args[callbackAt] = ((error, result) => {
        done(!error);
        callback(error, result);
      }) satisfies QueryCallback;
      return query(...args);
    }
    const result = query(...args) as Promise<unknown>;
    result.then(
      () => done(true),
      () => done(false),
    );
    return result;
  };
  client.query = timed as typeof client.query;
}
