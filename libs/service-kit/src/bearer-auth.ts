import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * An `onRequest` hook that lets a request through only with `Authorization: Bearer <token>`;
 * otherwise it answers 401 with the reason. Apply it to internal API routes, never to
 * /healthz, /readyz or /metrics:
 * `app.post('/exports', { onRequest: requireBearer(config.INTERNAL_API_TOKEN) }, handler)`.
 */
export function requireBearer(token: string) {
  if (token.length === 0) throw new Error('requireBearer needs a non-empty token');
  // Comparing digests keeps the comparison constant-time whatever the length of what was sent.
  const expected = sha256(token);

  return async function bearerAuth(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers.authorization;
    const [scheme, given, ...rest] = header?.trim().split(/\s+/) ?? [];
    let reason: string | undefined;
    if (header === undefined) reason = 'missing Authorization header; expected Authorization: Bearer <token>';
    else if (scheme?.toLowerCase() !== 'bearer' || given === undefined || rest.length > 0)
      reason = 'Authorization header must be "Bearer <token>"';
    else if (!timingSafeEqual(sha256(given), expected)) reason = 'wrong bearer token';
    if (reason === undefined) return;
    return reply.code(401).header('www-authenticate', 'Bearer').send({ error: reason });
  };
}
