import { scrubSecrets } from './scrub-secrets.js';

/**
 * Resolves (or returns) when a dependency is usable; throwing or returning `false` means it is not.
 * Returning {@link degraded} means the service still serves without it, in a reduced way.
 */
export type ReadinessCheck = () => unknown;

/** What a check returns when its dependency is missing but the service serves on, e.g. on a local fallback. */
export interface Degraded {
  degraded: string;
}

/** Marks a check's outcome as ready but degraded, with the reason an operator reads on /readyz. */
export function degraded(reason: string): Degraded {
  return { degraded: reason };
}

function isDegraded(result: unknown): result is Degraded {
  return typeof result === 'object' && result !== null && typeof (result as Degraded).degraded === 'string';
}

export type CheckOutcome = { ok: true; ms: number; degraded?: string } | { ok: false; ms: number; reason: string };

export interface ReadinessReport {
  ready: boolean;
  /** Ready, but at least one check reported {@link degraded}: traffic may stay, operators should look. */
  degraded: boolean;
  checks: Record<string, CheckOutcome>;
}

function timeout(ms: number): { promise: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckOutcome> {
  const started = performance.now();
  const limit = timeout(timeoutMs);
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const result = await Promise.race([Promise.resolve().then(check), limit.promise]);
    if (result === false) return { ok: false, ms: elapsed(), reason: 'check returned false' };
    if (isDegraded(result)) return { ok: true, ms: elapsed(), degraded: scrubSecrets(result.degraded) };
    return { ok: true, ms: elapsed() };
  } catch (error) {
    return { ok: false, ms: elapsed(), reason: scrubSecrets(error instanceof Error ? error.message : String(error)) };
  } finally {
    limit.cancel();
  }
}

/** Runs every check at once, each within `timeoutMs`. */
export async function checkReadiness(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<ReadinessReport> {
  const outcomes = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check, timeoutMs)] as const),
  );
  return {
    ready: outcomes.every(([, outcome]) => outcome.ok),
    degraded: outcomes.some(([, outcome]) => outcome.ok && outcome.degraded !== undefined),
    checks: Object.fromEntries(outcomes),
  };
}
