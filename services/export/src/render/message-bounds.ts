import { compareSnowflakes } from '@platform/discord';

/** The exclusive bounds of an export, as message ids (`--after`/`--before` read by parseMessageBound). */
export interface MessageBounds {
  after?: string;
  before?: string;
}

/** Whether a message id lies strictly between the bounds. */
export function isWithinBounds(id: string, bounds: MessageBounds): boolean {
  if (bounds.after !== undefined && compareSnowflakes(id, bounds.after) <= 0) return false;
  if (bounds.before !== undefined && compareSnowflakes(id, bounds.before) >= 0) return false;
  return true;
}
