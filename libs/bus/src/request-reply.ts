import { errors, type Msg } from '@nats-io/transport-node';
import {
  decodePayload,
  encodePayload,
  fromNatsHeaders,
  type MessageHeaders,
  type PayloadSchema,
  toNatsHeaders,
} from './codec.js';
import type { BusContext } from './context.js';
import { NoResponderError, RemoteError, RequestTimeoutError } from './errors.js';

/** Set on a reply whose handler threw; the body is `{ name, message }`. */
export const REPLY_ERROR_HEADER = 'Bus-Error';

export interface RequestOptions<T> {
  /** Default 5 s. */
  timeoutMs?: number;
  headers?: MessageHeaders;
  /** Validates the reply; a reply that fails throws an `InvalidPayloadError`. */
  schema?: PayloadSchema<T>;
}

/**
 * Sends a request over core NATS and returns the decoded reply. Throws {@link RemoteError} when
 * the handler threw, {@link RequestTimeoutError} and {@link NoResponderError} when nobody answered.
 */
export async function request<T>(
  ctx: BusContext,
  subject: string,
  payload: unknown,
  options: RequestOptions<T> = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  let reply: Msg;
  try {
    reply = await ctx.nc.request(subject, encodePayload(payload), {
      timeout: timeoutMs,
      ...(options.headers ? { headers: toNatsHeaders(options.headers) } : {}),
    });
  } catch (error) {
    if (error instanceof errors.TimeoutError) throw new RequestTimeoutError(subject, timeoutMs);
    if (error instanceof errors.RequestError && error.isNoResponders()) throw new NoResponderError(subject);
    throw error;
  }
  if (reply.headers?.has(REPLY_ERROR_HEADER)) {
    const { name, message } = await decodePayload<{ name: string; message: string }>(subject, reply.data);
    throw new RemoteError(subject, name, message);
  }
  return decodePayload(subject, reply.data, options.schema);
}

/** Answers one request; what it returns is sent back as JSON, what it throws comes back as a {@link RemoteError}. */
export type ReplyHandler<Req, Res> = (
  payload: Req,
  request: { subject: string; headers: MessageHeaders },
) => Res | Promise<Res>;

export interface ReplyOptions<Req> {
  /** Queue group, so each request reaches one replica; default the service's name. */
  queue?: string;
  /** Validates the request; one that fails is answered with an `InvalidPayloadError`. */
  schema?: PayloadSchema<Req>;
}

/** A running request handler. */
export interface Responder {
  readonly subject: string;
  /** Stops taking requests and waits until those in hand are answered. */
  stop(): Promise<void>;
}

export function reply<Req, Res>(
  ctx: BusContext,
  subject: string,
  handler: ReplyHandler<Req, Res>,
  options: ReplyOptions<Req> = {},
): Responder {
  const inFlight = new Set<Promise<void>>();

  const answer = async (msg: Msg) => {
    try {
      const payload = await decodePayload(subject, msg.data, options.schema);
      const result = await handler(payload, { subject: msg.subject, headers: fromNatsHeaders(msg.headers) });
      msg.respond(encodePayload(result));
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      ctx.logger.warn({ err: error, subject }, 'request handler failed');
      msg.respond(encodePayload({ name, message }), { headers: toNatsHeaders({ [REPLY_ERROR_HEADER]: name }) });
    }
  };

  const subscription = ctx.nc.subscribe(subject, {
    queue: options.queue ?? ctx.service,
    callback: (error, msg) => {
      if (error) {
        ctx.logger.error({ err: error, subject }, 'reply subscription failed');
        return;
      }
      const task = answer(msg);
      inFlight.add(task);
      void task.then(() => inFlight.delete(task));
    },
  });

  let stopped: Promise<void> | undefined;
  return {
    subject,
    stop() {
      stopped ??= (async () => {
        if (!ctx.nc.isClosed()) await subscription.drain();
        await Promise.all([...inFlight]);
        if (!ctx.nc.isClosed()) await ctx.nc.flush();
      })();
      return stopped;
    },
  };
}
