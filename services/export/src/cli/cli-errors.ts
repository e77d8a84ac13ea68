/**
 * A failure the CLI reports as one message and exit code 1, without a stack: a bad option, a
 * missing token, an output path that does not fit. Nothing has been written when it is thrown.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
