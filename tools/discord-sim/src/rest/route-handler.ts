import type { FastifyReply, FastifyRequest } from 'fastify';
import { readMultipartBody } from './multipart-body.js';
import type { RequestState } from './request-state.js';
import type { Responder } from './responder.js';
import type { RouteDefinition, UploadedFile } from './route-definition.js';

const NO_FILES: readonly UploadedFile[] = [];

/** The fastify handler of one route: reads a multipart body when the route takes one, runs it, answers. */
export function routeHandler(responder: Responder, definition: RouteDefinition) {
  const run = (request: FastifyRequest, reply: FastifyReply, body: unknown, files: readonly UploadedFile[]) => {
    const state = request.sim as RequestState;
    try {
      const result = definition.handle({
        bot: state.bot,
        params: request.params as Record<string, string>,
        query: request.query as Record<string, unknown>,
        body,
        files,
        now: state.now,
      });
      if (result instanceof Promise) {
        return result.then(
          (settled) => responder.answer(request, reply, settled.status, settled.body),
          (error: unknown) => responder.error(request, reply, error),
        );
      }
      return responder.answer(request, reply, result.status, result.body);
    } catch (error) {
      return responder.error(request, reply, error);
    }
  };

  return (request: FastifyRequest, reply: FastifyReply) => {
    if (definition.multipart && request.isMultipart()) {
      return readMultipartBody(request).then(
        ({ body, files }) => run(request, reply, body, files),
        (error: unknown) => responder.error(request, reply, error),
      );
    }
    return run(request, reply, request.body, NO_FILES);
  };
}
