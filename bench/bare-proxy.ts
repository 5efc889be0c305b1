import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { Pool } from 'undici';
import { endToEndHeaders } from './end-to-end-headers.js';

/**
 * The reference Portico is compared with (since 2026-12-07): the cheapest honest Node proxy.
 * node:http in, one undici keep-alive Pool per upstream origin out; the request body read whole
 * into one Buffer, as a gateway must to route on it, but not parsed; the answer written chunk by
 * chunk as it arrives. No Readable handed to undici and no `stream.pipeline`: for ~400-byte bodies
 * those cost more than the proxying itself (bare-stream-proxy.ts keeps that shape as a second row).
 */
export async function startBareProxy(port: number, upstreamOrigin: string): Promise<Server> {
  const pool = new Pool(upstreamOrigin, { keepAliveTimeout: 60_000 });
  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      forward(pool, request, Buffer.concat(parts), response).catch((error: Error) => {
        if (response.headersSent) response.destroy(error);
        else response.writeHead(502).end(error.message);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

async function forward(
  pool: Pool,
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
): Promise<void> {
  const upstream = await pool.request({
    method: request.method ?? 'GET',
    path: request.url ?? '/',
    headers: endToEndHeaders(request.headers),
    body: body.length === 0 ? null : body,
  });
  response.writeHead(upstream.statusCode, endToEndHeaders(upstream.headers));
  // A client gone mid-answer never drains; the bench's clients only leave when a run ends.
  for await (const chunk of upstream.body as AsyncIterable<Buffer>)
    if (!response.write(chunk)) await once(response, 'drain');
  response.end();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [port = '18003', upstream = 'http://127.0.0.1:18001'] = process.argv.slice(2);
  await startBareProxy(Number(port), upstream);
  console.log(`bare proxy on http://127.0.0.1:${port} -> ${upstream}`);
  process.once('SIGTERM', () => process.exit(0));
}
