import { createHash } from 'node:crypto';

/** The opaque `X-RateLimit-Bucket` value of a bucket: 32 hex digits, stable for a bucket name, as Discord's look. */
export function bucketHash(bucketName: string): string {
  return createHash('md5').update(`discord-sim:${bucketName}`).digest('hex');
}
