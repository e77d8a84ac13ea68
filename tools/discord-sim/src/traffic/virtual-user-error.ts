/**
 * A virtual user cannot do what was asked (unknown command, option, component or modal, a value that
 * does not fit): the message says what was wrong and what is available instead. The control API answers
 * it with a 400.
 */
export class VirtualUserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VirtualUserError';
  }
}
