import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** Defaults to the server's default, normally read committed. */
  isolation?: IsolationLevel;
  /**
   * How many times to run `work` again after a serialization failure (40001) or deadlock (40P01); defaults to 0.
   * Only opt in when `work` has no effects outside the transaction, since it runs again from the start.
   */
  retries?: number;
}

const RETRYABLE = new Set(['40001', '40P01']);

const BEGIN: Record<IsolationLevel, string> = {
  'read committed': 'BEGIN ISOLATION LEVEL READ COMMITTED',
  'repeatable read': 'BEGIN ISOLATION LEVEL REPEATABLE READ',
  serializable: 'BEGIN ISOLATION LEVEL SERIALIZABLE',
};

/** True for the errors after which running the same transaction again can succeed. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Runs `work` inside BEGIN/COMMIT on a connection of its own: rolls back and rethrows when it throws,
 * and always gives the connection back.
 */
export async function withTransaction<T>(
  pool: Pick<pg.Pool, 'connect'>,
  work: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const retries = options.retries ?? 0;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await runOnce(pool, work, options.isolation);
    } catch (error) {
      if (attempt >= retries || !isRetryableTransactionError(error)) throw error;
      // Jittered, growing pause so the transactions that collided do not collide again in lockstep.
      await sleep(Math.random() * Math.min(10 * 2 ** attempt, 200));
    }
  }
}

async function runOnce<T>(
  pool: Pick<pg.Pool, 'connect'>,
  work: (client: pg.PoolClient) => Promise<T>,
  isolation: IsolationLevel | undefined,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(isolation ? BEGIN[isolation] : 'BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // A connection that cannot roll back must not return to the pool.
      broken = rollbackError as Error;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
