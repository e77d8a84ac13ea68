import { CopyEncodingError } from '@platform/db';

/**
 * True when Postgres refused the data itself (SQLSTATE class 22, data exception, or 23, integrity
 * constraint) or a row could not be encoded for COPY: writing the same rows again fails the same way.
 * Connection loss, timeouts and shutdowns are not data errors.
 */
export function isDataError(error: unknown): boolean {
  if (error instanceof CopyEncodingError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
