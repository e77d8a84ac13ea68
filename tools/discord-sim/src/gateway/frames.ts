import { GatewayOpcodes } from 'discord-api-types/v10';

/**
 * Gateway payloads as JSON text. Dispatch frames are built by concatenation around a `d` serialised once,
 * so that every session receiving an event shares the serialisation.
 */

export function helloFrame(heartbeatIntervalMs: number): string {
  return `{"op":${GatewayOpcodes.Hello},"d":{"heartbeat_interval":${heartbeatIntervalMs},"_trace":["discord-sim"]},"s":null,"t":null}`;
}

export const HEARTBEAT_ACK_FRAME = `{"op":${GatewayOpcodes.HeartbeatAck},"d":null,"s":null,"t":null}`;
export const HEARTBEAT_REQUEST_FRAME = `{"op":${GatewayOpcodes.Heartbeat},"d":null,"s":null,"t":null}`;
export const RECONNECT_FRAME = `{"op":${GatewayOpcodes.Reconnect},"d":null,"s":null,"t":null}`;

export function invalidSessionFrame(resumable: boolean): string {
  return `{"op":${GatewayOpcodes.InvalidSession},"d":${resumable},"s":null,"t":null}`;
}

/** A dispatch; `t` must be an event name (upper case and underscores), `dJson` the serialised payload. */
export function dispatchFrame(t: string, seq: number, dJson: string): string {
  return `{"op":0,"s":${seq},"t":"${t}","d":${dJson}}`;
}
