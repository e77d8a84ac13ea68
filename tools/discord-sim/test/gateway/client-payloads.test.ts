import { GatewayCloseCodes, GatewayOpcodes } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { parseClientPayload } from '../../src/gateway/client-payloads.js';
import { GatewayCloseError } from '../../src/gateway/gateway-close-error.js';

const raw = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

function closeCodeOf(value: unknown): number | undefined {
  try {
    parseClientPayload(raw(value));
    return undefined;
  } catch (error) {
    if (error instanceof GatewayCloseError) return error.code;
    throw error;
  }
}

const identify = {
  token: 't',
  properties: { os: 'linux', browser: 'x', device: 'x' },
  intents: 513,
  shard: [0, 1],
};

describe('parseClientPayload', () => {
  it('decodes heartbeats, identify, resume and member requests', () => {
    expect(parseClientPayload(raw({ op: 1, d: null }))).toEqual({ op: GatewayOpcodes.Heartbeat, d: null });
    expect(parseClientPayload(raw({ op: 1, d: 42 }))).toEqual({ op: GatewayOpcodes.Heartbeat, d: 42 });
    expect(parseClientPayload(raw({ op: 2, d: identify })).op).toBe(GatewayOpcodes.Identify);
    expect(parseClientPayload(raw({ op: 6, d: { token: 't', session_id: 's', seq: 3 } })).op).toBe(
      GatewayOpcodes.Resume,
    );
    expect(parseClientPayload(raw({ op: 8, d: { guild_id: '1', query: '', limit: 0 } })).op).toBe(
      GatewayOpcodes.RequestGuildMembers,
    );
  });

  it('answers 4002 to what is not JSON, not an object with an op, or over 4096 bytes', () => {
    expect(closeCodeOf('{nope')).toBe(GatewayCloseCodes.DecodeError);
    expect(closeCodeOf([1, 2])).toBe(GatewayCloseCodes.DecodeError);
    expect(closeCodeOf({ d: null })).toBe(GatewayCloseCodes.DecodeError);
    expect(closeCodeOf({ op: 1, d: null, pad: 'x'.repeat(4096) })).toBe(GatewayCloseCodes.DecodeError);
  });

  it('answers 4001 to an unknown opcode, a server-only one, or a payload that does not fit its opcode', () => {
    expect(closeCodeOf({ op: 99, d: null })).toBe(GatewayCloseCodes.UnknownOpcode);
    expect(closeCodeOf({ op: 11, d: null })).toBe(GatewayCloseCodes.UnknownOpcode);
    expect(closeCodeOf({ op: 2, d: { ...identify, intents: 'all' } })).toBe(GatewayCloseCodes.UnknownOpcode);
    expect(closeCodeOf({ op: 2, d: { ...identify, large_threshold: 1000 } })).toBe(GatewayCloseCodes.UnknownOpcode);
    expect(closeCodeOf({ op: 8, d: { guild_id: '1' } })).toBe(GatewayCloseCodes.UnknownOpcode);
    expect(closeCodeOf({ op: 8, d: { guild_id: '1', query: 'a' } })).toBe(GatewayCloseCodes.UnknownOpcode);
  });
});
