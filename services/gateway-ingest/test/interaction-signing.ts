import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** An application key pair: the public key in hex as the Developer Portal shows it, and a signer. */
export interface TestApplicationKey {
  publicKeyHex: string;
  /** Signs as Discord does: Ed25519 over `timestamp + body`, hex. */
  sign(timestamp: string, body: string): string;
}

export function testApplicationKey(): TestApplicationKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKeyHex: publicKeyHex(publicKey), sign: (timestamp, body) => signWith(privateKey, timestamp, body) };
}

function publicKeyHex(key: KeyObject): string {
  const { x } = key.export({ format: 'jwk' });
  return Buffer.from(x as string, 'base64url').toString('hex');
}

function signWith(key: KeyObject, timestamp: string, body: string): string {
  return sign(null, Buffer.from(timestamp + body, 'utf8'), key).toString('hex');
}

/** Unix seconds, as `X-Signature-Timestamp` carries them. */
export const unixSeconds = (ms = Date.now()) => String(Math.floor(ms / 1000));
