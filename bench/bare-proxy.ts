import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { pipeline } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Pool } from 'undici';

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

/** The baseline Portico is compared with: node:http in, undici keep-alive Pool out, no features. */
export async function startBareProxy(port: number, upstreamOrigin: string): Promise<Server> {
  const pool = new Pool(upstreamOrigin, { keepAliveTimeout: 60_000 });
  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    pool
      .request({
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: endToEnd(request.headers),
        body: request,
      })
      .then(
        (upstream) => {
          response.writeHead(upstream.statusCode, endToEnd(upstream.headers));
          pipeline(upstream.body, response, () => undefined);
        },
        (error: Error) => response.writeHead(502).end(error.message),
      );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!hopByHop.has(name)) kept[name] = value;
  return kept;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [port = '18003', upstream = 'http://127.0.0.1:18001'] = process.argv.slice(2);
  await startBareProxy(Number(port), upstream);
  console.log(`bare proxy on http://127.0.0.1:${port} -> ${upstream}`);
  process.once('SIGTERM', () => process.exit(0));
}
