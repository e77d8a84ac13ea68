/**
 * Discord's limit on what a client sends over one connection: at most `limit` payloads per window of
 * `windowMs`. A window opens with the connection and again with the first payload after it ended, which is
 * how @discordjs/ws counts too, so a client that respects its own count never trips it.
 */
export class SendLimit {
  private windowStart: number;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    now: number,
  ) {
    this.windowStart = now;
  }

  /** Counts one payload; false when it exceeds the limit (close with 4008). */
  take(now: number): boolean {
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count += 1;
    return this.count <= this.limit;
  }
}
