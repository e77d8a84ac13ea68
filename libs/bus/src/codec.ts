import { type MsgHdrs, headers as natsHeaders } from '@nats-io/transport-node';
import { InvalidPayloadError } from './errors.js';

/**
 * Any validator that follows Standard Schema v1 (zod 4, valibot, arktype...), so the bus
 * validates payloads without depending on one library.
 */
export interface PayloadSchema<T> {
  readonly '~standard': {
    readonly validate: (value: unknown) => SchemaResult<T> | Promise<SchemaResult<T>>;
    readonly types?: { readonly output: T } | undefined;
  };
}

type SchemaResult<T> =
  | { readonly value: T; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string;
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
      }>;
    };

/** Message headers as plain strings; a header sent more than once keeps its first value. */
export type MessageHeaders = Readonly<Record<string, string>>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const EMPTY = new Uint8Array(0);

/** Bytes go out as they are, `undefined` as an empty body, everything else as JSON. */
export function encodePayload(payload: unknown): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  return payload === undefined ? EMPTY : encoder.encode(JSON.stringify(payload));
}

export function toNatsHeaders(values: MessageHeaders | undefined): MsgHdrs | undefined {
  if (!values) return undefined;
  const h = natsHeaders();
  for (const [key, value] of Object.entries(values)) h.set(key, value);
  return h;
}

export function fromNatsHeaders(h: MsgHdrs | undefined): MessageHeaders {
  const values: Record<string, string> = {};
  if (!h) return values;
  for (const key of h.keys()) values[key] = h.get(key);
  return values;
}

/** Decodes JSON (an empty body is `undefined`) and, when a schema is given, validates it; failures are {@link InvalidPayloadError}s. */
export async function decodePayload<T>(subject: string, data: Uint8Array, schema?: PayloadSchema<T>): Promise<T> {
  let value: unknown;
  try {
    value = data.length === 0 ? undefined : JSON.parse(decoder.decode(data));
  } catch (error) {
    throw new InvalidPayloadError(subject, `not JSON (${(error as Error).message})`);
  }
  if (!schema) return value as T;
  const result = await schema['~standard'].validate(value);
  if (result.issues) {
    const reasons = result.issues.map((issue) => {
      const path = issue.path?.map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    throw new InvalidPayloadError(subject, reasons.join('; '));
  }
  return result.value;
}
