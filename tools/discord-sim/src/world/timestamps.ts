/** A timestamp as Discord writes it: microsecond precision and an explicit offset, `2025-06-01T12:00:00.123000+00:00`. */
export function discordTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000+00:00`;
}
