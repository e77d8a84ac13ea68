import { scrubSecrets } from './scrub-secrets.js';

/** Resolves (or returns) when a dependency is usable; throwing or returning `false` means it is not. */
export type ReadinessCheck = () => unknown;

export type CheckOutcome = { ok: true; ms: number } | { ok: false; ms: number; reason: string };

export interface ReadinessReport {
  ready: boolean;
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
  return { ready: outcomes.every(([, outcome]) => outcome.ok), checks: Object.fromEntries(outcomes) };
}
