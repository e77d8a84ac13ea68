import { createHmac, timingSafeEqual } from 'node:crypto';
import { fileUrl } from './file-url.js';

/**
 * Links to a job's files that work without the internal bearer token, for the people who ran /export:
 * the job id, file name and expiry signed with HMAC-SHA256. Anyone with the link can download until it
 * expires, as with a presigned S3 URL; the service stays the only way in, whatever the storage.
 */
export class DownloadLinks {
  private readonly key: Buffer;

  /** `secret` is the service's INTERNAL_API_TOKEN; links are keyed apart from it so a link never reveals it. */
  constructor(
    secret: string,
    private readonly publicUrl: string,
  ) {
    this.key = createHmac('sha256', secret).update('export download links').digest();
  }

  /** The public URL of a job's file, valid until `expiresAt` (ms since the epoch). */
  link(jobId: string, fileName: string, expiresAt: number): string {
    const expires = Math.floor(expiresAt / 1000);
    const query = new URLSearchParams({ expires: String(expires), signature: this.sign(jobId, fileName, expires) });
    return `${this.publicUrl.replace(/\/+$/, '')}${fileUrl(jobId, fileName)}?${query}`;
  }

  /** Whether `signature` was made by {@link link} for this file and has not expired at `now`. */
  verify(jobId: string, fileName: string, expires: string, signature: string, now = Date.now()): boolean {
    if (!/^\d+$/.test(expires) || Number(expires) * 1000 < now) return false;
    const expected = Buffer.from(this.sign(jobId, fileName, Number(expires)));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(jobId: string, fileName: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${jobId}\n${fileName}\n${expires}`).digest('base64url');
  }
}
