const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Compose's byte values (`512M`, `1g`, `300kb`, `1024`) in bytes; undefined for anything else. */
export function byteSize(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(value.trim());
  if (!match?.[1]) return undefined;
  return Number(match[1]) * (UNITS[(match[2] || 'b').toLowerCase()] ?? 1);
}
