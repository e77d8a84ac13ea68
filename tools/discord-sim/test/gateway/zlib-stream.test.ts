import { constants, createInflate, type Inflate } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ZlibStreamEncoder } from '../../src/gateway/zlib-stream.js';

/** Inflates one message with a context shared by the whole connection, as Discord clients do. */
function inflateMessage(inflate: Inflate, message: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => chunks.push(chunk);
    inflate.on('data', onData);
    inflate.write(message, (error) => {
      inflate.off('data', onData);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

describe('ZlibStreamEncoder', () => {
  it('produces one zlib stream, each message ending on a sync flush', async () => {
    const encoder = new ZlibStreamEncoder();
    const inflate = createInflate({ flush: constants.Z_SYNC_FLUSH });
    const payloads = [
      '{"op":10,"d":{"heartbeat_interval":41250}}',
      ...Array.from({ length: 300 }, (_, i) =>
        JSON.stringify({ op: 0, s: i + 1, t: 'MESSAGE_CREATE', d: { content: `message ${i}`, n: i } }),
      ),
      JSON.stringify({
        op: 0,
        s: 301,
        t: 'GUILD_CREATE',
        d: { members: Array.from({ length: 500 }, (_, i) => ({ id: `${i}` })) },
      }),
      '{"op":11}',
    ];
    for (const payload of payloads) {
      const message = encoder.encode(Buffer.from(payload));
      expect([...message.subarray(-4)]).toEqual([0x00, 0x00, 0xff, 0xff]);
      expect(await inflateMessage(inflate, message)).toBe(payload);
    }
    inflate.close();
  });

  it('refers back to earlier messages, so only a shared context can inflate them', async () => {
    const encoder = new ZlibStreamEncoder();
    const payload = JSON.stringify({ op: 0, t: 'MESSAGE_CREATE', d: { content: 'the same words again and again' } });
    const first = encoder.encode(Buffer.from(payload));
    const second = encoder.encode(Buffer.from(payload));
    expect(second.length).toBeLessThan(first.length / 2);
  });
});
