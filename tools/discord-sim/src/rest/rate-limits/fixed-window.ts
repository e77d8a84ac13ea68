/**
 * A fixed window that opens with the first request after the previous one closed: Discord's route buckets
 * behave this way as their headers describe them (`Reset-After` counts down from the first request), and
 * clients such as `@discordjs/rest` model them so.
 */
export interface FixedWindow {
  count: number;
  /** Epoch ms at which the window closes; at or after it the window is empty. */
  resetAt: number;
}

export function newWindow(): FixedWindow {
  return { count: 0, resetAt: 0 };
}

/** Requests the window still admits at `now`. */
export function windowRemaining(window: FixedWindow, limit: number, now: number): number {
  return now >= window.resetAt ? limit : Math.max(0, limit - window.count);
}

/** When the window, as seen at `now`, resets: a closed window would open now. */
export function windowResetAt(window: FixedWindow, windowMs: number, now: number): number {
  return now >= window.resetAt ? now + windowMs : window.resetAt;
}

/** Counts one request; opens a new window when the last one closed. Call only after `windowRemaining` > 0. */
export function takeFromWindow(window: FixedWindow, windowMs: number, now: number): void {
  if (now >= window.resetAt) {
    window.count = 0;
    window.resetAt = now + windowMs;
  }
  window.count++;
}
