/**
 * A command option or query parameter that cannot be honoured. Its message is written for the person who
 * gave it (an ephemeral reply, a 400 reason) and names the option; nothing has been changed when it is thrown.
 */
export class InvalidOptionError extends Error {
  constructor(
    /** The option or parameter at fault, e.g. `days`. */
    readonly option: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidOptionError';
  }
}
