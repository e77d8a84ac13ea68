import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { z } from 'zod';

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const HEX_SIGNATURE = /^[0-9a-fA-F]{128}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

/** An application's public key as the Developer Portal shows it: 32 bytes in hex. */
export const discordPublicKeyEnv = z
  .string()
  .trim()
  .regex(HEX_KEY, "the application's public key is 64 hex characters (Developer Portal, General Information)");

/** The configured public key is not an Ed25519 key in hex; raised at start, never per request. */
export class InvalidPublicKeyError extends Error {
  constructor(reason: string) {
    super(`Discord public key is invalid: ${reason}; copy it from the application's General Information page`);
    this.name = 'InvalidPublicKeyError';
  }
}

/** Parses the application's public key (64 hex characters) into a key node:crypto verifies with. */
export function parseDiscordPublicKey(hex: string): KeyObject {
  const trimmed = hex.trim();
  if (!HEX_KEY.test(trimmed)) throw new InvalidPublicKeyError(`expected 64 hex characters, got ${trimmed.length}`);
  try {
    const x = Buffer.from(trimmed, 'hex').toString('base64url');
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  } catch (error) {
    throw new InvalidPublicKeyError(error instanceof Error ? error.message : String(error));
  }
}

/** Why a request was refused; each answers 401. */
export type SignatureRefusal = 'missing_signature' | 'malformed_signature' | 'bad_signature' | 'stale_timestamp';

export type SignatureCheck = { valid: true } | { valid: false; reason: SignatureRefusal; message: string };

export interface SignedRequest {
  /** `X-Signature-Ed25519`: 64 bytes in hex. */
  signature: string | undefined;
  /** `X-Signature-Timestamp`: Unix seconds, signed together with the body. */
  timestamp: string | undefined;
  /** The body exactly as received: a re-serialised JSON body would not match the signature. */
  body: Buffer;
}

export interface VerifyOptions {
  /** Largest distance between the signed timestamp and `nowMs`. */
  maxAgeMs: number;
  nowMs: number;
}

const refuse = (reason: SignatureRefusal, message: string): SignatureCheck => ({ valid: false, reason, message });

/**
 * Checks Discord's signature of an HTTP interaction: Ed25519 over `timestamp + body` with the
 * application's public key. Malformed headers are a refusal, never an exception.
 *
 * A valid signature never expires, so a captured request could be replayed at will. The stream drops a
 * replay inside its duplicate window (the dedupe id is the interaction's id); refusing timestamps
 * further than `maxAgeMs` from now closes the rest, as long as `maxAgeMs` stays below that window.
 */
export function verifyInteractionSignature(
  key: KeyObject,
  request: SignedRequest,
  { maxAgeMs, nowMs }: VerifyOptions,
): SignatureCheck {
  const { signature, timestamp, body } = request;
  if (!signature || !timestamp)
    return refuse('missing_signature', 'X-Signature-Ed25519 and X-Signature-Timestamp are required');
  if (!HEX_SIGNATURE.test(signature))
    return refuse('malformed_signature', 'X-Signature-Ed25519 is not 64 bytes of hex');
  if (!UNIX_SECONDS.test(timestamp)) return refuse('malformed_signature', 'X-Signature-Timestamp is not Unix seconds');
  let valid: boolean;
  try {
    valid = verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
  } catch {
    valid = false;
  }
  if (!valid) return refuse('bad_signature', 'invalid request signature');
  if (Math.abs(nowMs - Number(timestamp) * 1000) > maxAgeMs)
    return refuse('stale_timestamp', `request timestamp is more than ${Math.round(maxAgeMs / 1000)} s from now`);
  return { valid: true };
}
