import { describe, expect, it } from 'vitest';
import {
  discordPublicKeyEnv,
  InvalidPublicKeyError,
  parseDiscordPublicKey,
  type SignatureCheck,
  verifyInteractionSignature,
} from '../src/interaction-signature.js';
import { testApplicationKey, unixSeconds } from './interaction-signing.js';

const app = testApplicationKey();
const key = parseDiscordPublicKey(app.publicKeyHex);
const now = Date.UTC(2025, 0, 1, 12, 0, 0);
const options = { maxAgeMs: 60_000, nowMs: now };
const body = '{"type":1,"id":"1"}';

function check(signature: string | undefined, timestamp: string | undefined, raw = body): SignatureCheck {
  return verifyInteractionSignature(key, { signature, timestamp, body: Buffer.from(raw) }, options);
}

const reasonOf = (result: SignatureCheck) => (result.valid ? 'valid' : result.reason);

describe('verifyInteractionSignature', () => {
  const ts = unixSeconds(now);

  it('accepts what the application key signed over timestamp and body', () => {
    expect(check(app.sign(ts, body), ts)).toEqual({ valid: true });
  });

  it('refuses a body, timestamp or key that differs from what was signed', () => {
    const signature = app.sign(ts, body);
    expect(reasonOf(check(signature, ts, '{"type":1,"id":"2"}'))).toBe('bad_signature');
    expect(reasonOf(check(signature, String(Number(ts) + 1)))).toBe('bad_signature');
    const other = testApplicationKey();
    expect(reasonOf(check(other.sign(ts, body), ts))).toBe('bad_signature');
  });

  it('refuses missing and malformed headers without throwing', () => {
    expect(reasonOf(check(undefined, ts))).toBe('missing_signature');
    expect(reasonOf(check(app.sign(ts, body), undefined))).toBe('missing_signature');
    expect(reasonOf(check('zz', ts))).toBe('malformed_signature');
    expect(reasonOf(check('ab'.repeat(63), ts))).toBe('malformed_signature');
    expect(reasonOf(check(app.sign(ts, body), '2025-01-01T12:00:00Z'))).toBe('malformed_signature');
    // Hex of the right length that is no signature of this body.
    expect(reasonOf(check('ff'.repeat(64), ts))).toBe('bad_signature');
  });

  it('refuses a correctly signed timestamp too far from now, either way', () => {
    const old = unixSeconds(now - 61_000);
    const future = unixSeconds(now + 61_000);
    expect(reasonOf(check(app.sign(old, body), old))).toBe('stale_timestamp');
    expect(reasonOf(check(app.sign(future, body), future))).toBe('stale_timestamp');
    const recent = unixSeconds(now - 59_000);
    expect(reasonOf(check(app.sign(recent, body), recent))).toBe('valid');
  });
});

describe('parseDiscordPublicKey', () => {
  it('throws a typed error naming the problem for a key that is not 32 bytes of hex', () => {
    expect(() => parseDiscordPublicKey('not-a-key')).toThrow(InvalidPublicKeyError);
    expect(() => parseDiscordPublicKey(app.publicKeyHex.slice(2))).toThrow(/64 hex characters, got 62/);
  });

  it('accepts the key with surrounding whitespace, as pasted', () => {
    expect(parseDiscordPublicKey(` ${app.publicKeyHex}\n`).asymmetricKeyType).toBe('ed25519');
  });

  it('is validated as an env value with a message saying where the key comes from', () => {
    expect(discordPublicKeyEnv.parse(`${app.publicKeyHex} `)).toBe(app.publicKeyHex);
    const refused = discordPublicKeyEnv.safeParse('abc');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/General Information/);
  });
});
