/** A numeric flag's value, or `fallback` when the flag was not given; refuses what is not a number. */
export function numberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`--${name} takes a number, got "${value}"`);
  return parsed;
}
