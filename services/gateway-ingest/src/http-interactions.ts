import { type Interaction, interactionSchema, type Subjects } from '@platform/contracts';
import { HttpError, type HttpServer, parseInput } from '@platform/service-kit';
import { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { subjectFor } from './envelope.js';
import { buildHttpInteractionEnvelope } from './interaction-envelope.js';
import { parseDiscordPublicKey, verifyInteractionSignature } from './interaction-signature.js';
import type { Outgoing } from './publisher.js';

/** Where Discord's "Interactions Endpoint URL" points. */
export const INTERACTIONS_PATH = '/interactions';

/**
 * Below the events stream's 2-minute duplicate window, so a replayed request is either dropped as a
 * duplicate or refused as stale; wide enough for ordinary clock skew.
 */
export const DEFAULT_SIGNATURE_MAX_AGE_MS = 60_000;

export type InteractionOutcome = 'accepted' | 'ping' | 'bad_signature' | 'bad_request';

export interface InteractionsEndpointOptions {
  /** The application's public key, 64 hex characters; an invalid key throws `InvalidPublicKeyError` here. */
  publicKey: string;
  subjects: Subjects;
  /** The gateway path's way onto the bus: `(message) => ingest.publisher.enqueue(message)`. */
  publish: (message: Outgoing) => void;
  registry: Registry;
  logger: Logger;
  /** Largest distance between `X-Signature-Timestamp` and now. */
  signatureMaxAgeMs?: number;
  now?: () => number;
}

/**
 * POST /interactions, Discord's outgoing webhook, as an alternative to receiving interactions on the
 * gateway. Signed requests are published as the gateway path publishes them, and answered 202 with no
 * body: the owning service answers through the callback endpoint (via rest-proxy), as it does for a
 * gateway interaction. PING is answered here (PONG), since Discord does not accept a callback for it.
 * An unsigned or badly signed request gets 401, a signed body that is no interaction 400; neither is
 * published.
 */
export function registerInteractionsEndpoint(app: HttpServer, options: InteractionsEndpointOptions): void {
  const key = parseDiscordPublicKey(options.publicKey);
  const { subjects, publish, logger } = options;
  const maxAgeMs = options.signatureMaxAgeMs ?? DEFAULT_SIGNATURE_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const outcomes = new Counter({
    name: 'gateway_ingest_http_interactions_total',
    help: 'Interactions received on the HTTP endpoint, by outcome',
    labelNames: ['outcome'] as const,
    registers: [options.registry],
  });

  // Its own scope: the signature covers the body's exact bytes, so the body is kept raw here and
  // nowhere else. Every content type is read, so that anything unsigned is refused with 401 first.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    scope.post(INTERACTIONS_PATH, async (request, reply) => {
      const receivedAt = now();
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const check = verifyInteractionSignature(
        key,
        {
          signature: singleHeader(request.headers['x-signature-ed25519']),
          timestamp: singleHeader(request.headers['x-signature-timestamp']),
          body,
        },
        { maxAgeMs, nowMs: receivedAt },
      );
      if (!check.valid) {
        outcomes.inc({ outcome: 'bad_signature' });
        // Discord itself sends badly signed requests to check that the endpoint refuses them.
        logger.debug({ reason: check.reason }, 'interaction refused: signature');
        return reply.code(401).send({ error: check.message, reason: check.reason });
      }

      let parsed: unknown;
      try {
        parsed = parseJson(body);
        if (!isPing(parsed)) parseInput(interactionSchema, parsed, 'body');
      } catch (error) {
        outcomes.inc({ outcome: 'bad_request' });
        logger.warn({ err: error }, 'signed request refused: not an interaction');
        throw error;
      }
      if (isPing(parsed)) {
        outcomes.inc({ outcome: 'ping' });
        return reply.code(200).send({ type: InteractionResponseType.Pong });
      }

      // `d` is the payload as received, not zod's copy of it.
      const envelope = buildHttpInteractionEnvelope(parsed as Interaction, receivedAt);
      publish({ subject: subjectFor(subjects, envelope), payload: envelope, msgId: envelope.id, receivedAt });
      outcomes.inc({ outcome: 'accepted' });
      return reply.code(202).send();
    });
  });
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Only the type is read: Discord's PING is answered whatever else it carries. */
function isPing(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { type?: unknown }).type === InteractionType.Ping;
}
