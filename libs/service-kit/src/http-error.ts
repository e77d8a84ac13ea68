/**
 * An error a route throws to answer with `statusCode` and `{ error: message, ...details }`,
 * e.g. `throw new HttpError(404, 'no such export', { exportId })`.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
