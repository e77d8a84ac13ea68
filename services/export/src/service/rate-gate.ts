/**
 * Lets a call through at most once per `intervalMs`: the first at once, later ones only when the
 * interval has passed since the last one let through.
 */
export function createRateGate(intervalMs: number, now: () => number = Date.now): () => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const at = now();
    if (at - last < intervalMs) return false;
    last = at;
    return true;
  };
}
