import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny Petstore upstream on port 0: `GET /pet/:id` and `POST /pet` answer JSON. */
export interface FakePetstore {
  url: string;
  /** The paths it was asked for, in order, to check what reached the upstream. */
  seen: () => { method: string; path: string; authorization: string | undefined }[];
  close: () => Promise<void>;
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakePetstore(): Promise<FakePetstore> {
  const seen: { method: string; path: string; authorization: string | undefined }[] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    const method = request.method ?? 'GET';
    seen.push({ method, path, authorization: request.headers.authorization });
    const pet = /^\/pet\/(\d+)$/.exec(path);
    if (method === 'GET' && pet !== null) {
      answer(response, 200, { id: Number(pet[1]), name: 'doggie', photoUrls: [], status: 'available' });
      return;
    }
    if (method === 'POST' && path === '/pet') {
      void readBody(request).then((text) => {
        answer(response, 200, { id: 10, ...(JSON.parse(text) as Record<string, unknown>) });
      });
      return;
    }
    answer(response, 404, { message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    seen: () => seen,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
