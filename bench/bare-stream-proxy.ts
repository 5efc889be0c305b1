import { createServer, type Server } from 'node:http';
import { pipeline } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Pool } from 'undici';
import { endToEndHeaders } from './end-to-end-headers.js';

/**
 * The bench's reference until 2026-12-07, kept as the `bare-stream` row: node:http in, undici
 * keep-alive Pool out, the request streamed into undici as a Readable and the answer piped with
 * `stream.pipeline`. Both cost more than the work itself for ~400-byte bodies, so it is not the
 * cheapest a Node proxy can be (bare-proxy.ts is; docs/benchmarks.md, "Why the reference changed").
 */
export async function startBareStreamProxy(port: number, upstreamOrigin: string): Promise<Server> {
  const pool = new Pool(upstreamOrigin, { keepAliveTimeout: 60_000 });
  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    pool
      .request({
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: endToEndHeaders(request.headers),
        body: request,
      })
      .then(
        (upstream) => {
          response.writeHead(upstream.statusCode, endToEndHeaders(upstream.headers));
          pipeline(upstream.body, response, () => undefined);
        },
        (error: Error) => response.writeHead(502).end(error.message),
      );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [port = '18003', upstream = 'http://127.0.0.1:18001'] = process.argv.slice(2);
  await startBareStreamProxy(Number(port), upstream);
  console.log(`bare stream proxy on http://127.0.0.1:${port} -> ${upstream}`);
  process.once('SIGTERM', () => process.exit(0));
}
