import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { ZlibStreamEncoder } from './zlib-stream.js';

/**
 * Writes gateway payloads to one websocket: as text, or as binary zlib-stream messages when the client
 * asked for compression. Writes made in the same tick are corked into one system call, which is what lets a
 * burst of dispatches through at tens of thousands per second.
 */
export class GatewayTransport {
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  constructor(
    private readonly ws: WebSocket,
    /** The TCP socket under `ws`, taken from the upgrade. */
    private readonly socket: Duplex,
    private readonly compression: ZlibStreamEncoder | null,
  ) {
    if (compression !== null) ws.once('close', () => compression.close());
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    if (this.compression === null) this.ws.send(frame);
    else this.ws.send(this.compression.encode(Buffer.from(frame)), { binary: true });
  }

  /** Closes with a close frame. */
  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.close(code, reason);
  }

  /** Destroys the socket without a close frame, as a network failure would. */
  destroy(): void {
    this.ws.terminate();
  }
}
