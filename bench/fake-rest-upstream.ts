import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';

/** The small JSON answer of `GET /items` (about 300 bytes, like a typical REST read). */
const itemsBody = Buffer.from(
  JSON.stringify({
    items: Array.from({ length: 4 }, (_, index) => ({
      id: index + 1,
      name: `item-${index + 1}`,
      price: 9.5,
    })),
    next: null,
    total: 4,
  }),
);
/** One reused block the downloads are cut from: a 100 MB download holds no more than this. */
const block = Buffer.alloc(64 * 1024, 0x61);

/**
 * The REST bench's upstream: `GET /items` (small JSON), `GET /bytes/<n>` (n bytes streamed with
 * back-pressure) and `POST|PUT /sink` (reads the body to its end, answers its size). Cheap on
 * purpose: its CPU is on the load core, not the measured one.
 */
export async function startFakeRestUpstream(port: number): Promise<void> {
  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    const url = request.url ?? '/';
    if (url.startsWith('/items')) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': itemsBody.length });
      response.end(itemsBody);
    } else if (url.startsWith('/bytes/')) {
      sendBytes(response, Number(url.slice('/bytes/'.length)));
    } else if (url.startsWith('/sink')) {
      drain(request, response);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

function sendBytes(response: ServerResponse, total: number): void {
  if (!Number.isSafeInteger(total) || total < 0) {
    response.writeHead(400).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': total });
  let left = total;
  const pump = (): void => {
    while (left > 0) {
      const piece = left >= block.length ? block : block.subarray(0, left);
      left -= piece.length;
      if (!response.write(piece)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  pump();
}

function drain(request: IncomingMessage, response: ServerResponse): void {
  let bytes = 0;
  request.on('data', (chunk: Buffer) => (bytes += chunk.length));
  request.on('end', () => {
    const body = Buffer.from(`{"bytes":${bytes}}`);
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(
    process.argv.find((arg) => arg.startsWith('--port='))?.slice('--port='.length) ?? 18011,
  );
  await startFakeRestUpstream(port);
  console.log(`fake REST upstream on http://127.0.0.1:${port}`);
  process.once('SIGTERM', () => process.exit(0));
}
