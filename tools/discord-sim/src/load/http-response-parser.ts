const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Splits a stream of HTTP/1.1 responses (with `content-length`, as the simulator always sends) into
 * status codes, without building header objects: the load generator must be cheaper than the server.
 */
export class HttpResponseParser {
  private buffer: Buffer = Buffer.alloc(0);

  /** Feeds received bytes; returns the status of each response they complete. */
  push(chunk: Buffer): number[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const statuses: number[] = [];
    for (;;) {
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0) break;
      const head = this.buffer.toString('latin1', 0, end);
      const length = contentLength(head);
      const total = end + HEADER_END.length + length;
      if (this.buffer.length < total) break;
      statuses.push(Number(head.slice(9, 12)));
      this.buffer = this.buffer.subarray(total);
    }
    return statuses;
  }
}

function contentLength(head: string): number {
  const at = head.search(/\r\ncontent-length:/i);
  if (at < 0) {
    if (/\r\ntransfer-encoding:\s*chunked/i.test(head))
      throw new Error('chunked responses are not supported by the load generator; answer with a content-length');
    return 0;
  }
  const start = at + '\r\ncontent-length:'.length;
  const stop = head.indexOf('\r\n', start);
  return Number(head.slice(start, stop < 0 ? undefined : stop).trim());
}
