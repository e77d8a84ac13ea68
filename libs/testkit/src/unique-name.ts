import { randomBytes } from 'node:crypto';

/**
 * A name no other test run uses at the same time, valid as a Postgres schema, a bus namespace
 * and a Redis prefix: lower-case letters, digits and underscores.
 */
export function uniqueName(prefix = 't'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
}
