/**
 * Why Discord refused a call of an export. `unauthorized` is fatal (the token is wrong, so every
 * other call would fail too); `forbidden` and `not-found` concern one channel or guild, so a run of
 * many channels lists them and goes on, as DiscordChatExporter does.
 */
export type DiscordAccessErrorKind = 'unauthorized' | 'forbidden' | 'not-found';

/** A refusal of Discord's, with a message a person can act on. It never holds the token. */
export class DiscordAccessError extends Error {
  constructor(
    readonly kind: DiscordAccessErrorKind,
    message: string,
    /** The channel, guild or user the call was about, when it was about one. */
    readonly targetId?: string,
    /** For `forbidden`: the permission the bot lacks, as Discord's settings name it. */
    readonly permission?: string,
  ) {
    super(message);
    this.name = 'DiscordAccessError';
  }

  /** Whether the whole run must stop rather than skip this channel. */
  get fatal(): boolean {
    return this.kind === 'unauthorized';
  }
}
