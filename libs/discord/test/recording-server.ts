import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * An HTTP endpoint standing where rest-proxy would, answering every call with an exhausted rate-limit
 * bucket, so tests see exactly what the client sends and whether it waits.
 */
export async function startRecordingServer() {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      // discord-api-types' Routes percent-encode the '@' of `@me` and `@original`; Discord decodes it.
      requests.push({
        method: req.method ?? '',
        url: decodeURIComponent(req.url ?? ''),
        headers: req.headers,
        body: text ? JSON.parse(text) : null,
      });
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-ratelimit-limit': '1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '30',
        'x-ratelimit-bucket': 'abcd',
      });
      res.end(JSON.stringify({ id: '1' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
