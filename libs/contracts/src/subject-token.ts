/** Thrown when a value cannot be one token of a NATS subject. */
export class InvalidSubjectTokenError extends Error {
  constructor(
    readonly token: string,
    readonly role: string,
  ) {
    super(
      `"${token}" cannot be the ${role} of a NATS subject: tokens are non-empty and contain no '.', '*', '>' or whitespace`,
    );
    this.name = 'InvalidSubjectTokenError';
  }
}

const FORBIDDEN = /[.*>\s]/;

/** Returns `token` when it is a valid single NATS subject token, throws otherwise. */
export function subjectToken(token: string, role: string): string {
  if (token.length === 0 || FORBIDDEN.test(token)) throw new InvalidSubjectTokenError(token, role);
  return token;
}
