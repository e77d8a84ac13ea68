import { constants, createDeflate, type Deflate } from 'node:zlib';

/**
 * The parts of a node:zlib stream that its own synchronous functions (`deflateSync`) use. Node offers no
 * public synchronous API over a long-lived context: `deflateSync` starts a new stream each call, and the
 * streaming API costs a thread-pool round trip per payload, which caps a connection near 30,000
 * payloads/s. Driving the handle the way `deflateSync` does keeps one context per connection at several
 * hundred thousand payloads/s.
 */
interface ZlibInternals {
  _handle: {
    writeSync(
      flush: number,
      input: Buffer,
      inOff: number,
      inLen: number,
      out: Buffer,
      outOff: number,
      outLen: number,
    ): void;
  } | null;
  /** After each write: [bytes of output space left, bytes of input left]. */
  _writeState: Uint32Array;
}

const OUTPUT_CHUNK = 64 * 1024;

/** Thrown when the running Node no longer has the zlib internals this encoder drives. */
export class ZlibInternalsError extends Error {
  constructor() {
    super('this Node has no node:zlib internals _handle.writeSync and _writeState, which zlib-stream drives');
    this.name = 'ZlibInternalsError';
  }
}

/**
 * Discord's `zlib-stream` transport compression: all payloads of a connection go through one deflate
 * context, each ending on a sync flush (`00 00 ff ff`), so the client needs one inflate context for the
 * connection's whole life.
 */
export class ZlibStreamEncoder {
  private readonly deflate: Deflate & ZlibInternals;
  private readonly out = Buffer.allocUnsafe(OUTPUT_CHUNK);

  constructor() {
    this.deflate = createDeflate() as Deflate & ZlibInternals;
    if (typeof this.deflate._handle?.writeSync !== 'function' || !(this.deflate._writeState instanceof Uint32Array)) {
      throw new ZlibInternalsError();
    }
  }

  /** The bytes of the next websocket message carrying `payload`; they end with `00 00 ff ff`. */
  encode(payload: Buffer): Buffer {
    const handle = this.deflate._handle;
    if (handle === null) throw new Error('the zlib-stream encoder is closed');
    const state = this.deflate._writeState;
    const parts: Buffer[] = [];
    let inOff = 0;
    let inLeft = payload.length;
    for (;;) {
      handle.writeSync(constants.Z_SYNC_FLUSH, payload, inOff, inLeft, this.out, 0, OUTPUT_CHUNK);
      const outLeft = state[0] as number;
      const inAfter = state[1] as number;
      parts.push(Buffer.from(this.out.subarray(0, OUTPUT_CHUNK - outLeft)));
      // A full output buffer means deflate has more to give for this flush.
      if (outLeft !== 0) break;
      inOff += inLeft - inAfter;
      inLeft = inAfter;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }

  /** Frees the context. */
  close(): void {
    this.deflate.close();
  }
}
