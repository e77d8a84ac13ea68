/** Thrown when a name cannot be used as a Postgres identifier (schema, table or column). */
export class InvalidIdentifierError extends Error {
  constructor(
    readonly value: string,
    readonly role: string,
  ) {
    super(
      `${JSON.stringify(value)} is not a valid ${role}: use 1 to 63 lower-case letters, digits and '_', not starting with a digit`,
    );
    this.name = 'InvalidIdentifierError';
  }
}

// Lower-case only, so the quoted and unquoted spellings name the same object.
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Returns `value` when it is a safe identifier, throws InvalidIdentifierError otherwise. */
export function assertIdentifier(value: string, role: string): string {
  if (!IDENTIFIER.test(value)) throw new InvalidIdentifierError(value, role);
  return value;
}

/** Validates and double-quotes an identifier, so reserved words such as `user` work as names too. */
export function quoteIdentifier(value: string, role: string): string {
  return `"${assertIdentifier(value, role)}"`;
}

/** Validates and quotes `table` or `schema.table`. */
export function quoteTableName(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2) throw new InvalidIdentifierError(name, 'table name (table or schema.table)');
  return parts.map((part) => quoteIdentifier(part, 'table name')).join('.');
}
