import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

/** A JWKS endpoint on port 0 whose key set a test can swap, counting the fetches it answered. */
export interface JwksTestServer {
  url: string;
  fetches: () => number;
  setKeys: (keys: JWK[]) => void;
  close: () => Promise<void>;
}

export async function startJwksServer(
  keys: JWK[],
  mode: 'serve' | 'hang' = 'serve',
): Promise<JwksTestServer> {
  let current = keys;
  let fetches = 0;
  const server: Server = createServer((_request, response) => {
    fetches += 1;
    if (mode === 'hang') return; // never answers: the verifier's fetch timeout must end the wait
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: current }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => fetches,
    setKeys: (next) => {
      current = next;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
