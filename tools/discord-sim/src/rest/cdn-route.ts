import type { FastifyInstance } from 'fastify';
import type { World } from '../world/world.js';

/** The CDN prefix: attachments, avatars, icons and emojis by Discord's CDN paths, under `/cdn`. */
export const CDN_PREFIX = '/cdn';

/** Serves the world's CDN assets; not rate limited and not recorded, as the CDN is not the API. */
export function registerCdnRoute(app: FastifyInstance, world: World): void {
  app.get(`${CDN_PREFIX}/*`, (request, reply) => {
    const asset = world.cdnAsset(`/${(request.params as { '*': string })['*']}`);
    if (!asset) return reply.code(404).type('text/plain').send('404: Not Found');
    const { bytes, contentType } = asset;
    return reply
      .type(contentType)
      .header('cache-control', 'public, max-age=31536000')
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}
