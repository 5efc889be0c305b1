import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { WebSocketServer } from 'ws';

/** What `/echo` (and every path the fake does not know) answers: the request as it arrived. */
export interface EchoedRequest {
  method: string;
  /** The raw request target's path, exactly as the upstream received it (no decoding). */
  path: string;
  /** The raw query without '?', empty when none. */
  query: string;
  headers: IncomingMessage['headers'];
  /** Header names and values in arrival order, duplicates kept. */
  rawHeaders: string[];
  bodyBytes: number;
}

/** One upload the fake received: how many bytes, and when the first and last arrived. */
export interface UploadRecord {
  method: string;
  bytes: number;
  /** `performance.now()` when the request head arrived. */
  startedAt: number;
  /** When the first body chunk arrived; undefined for an empty body. */
  firstChunkAt: number | undefined;
  finishedAt: number;
}

/** A WebSocket handshake the fake accepted. */
export interface WebSocketHandshake {
  path: string;
  headers: IncomingMessage['headers'];
}

const chunkSize = 64 * 1024;
const filler = Buffer.alloc(chunkSize, 'x');

/**
 * A loopback REST upstream for streaming tests, on port 0:
 * - `GET /download/:bytes` streams that many bytes, generated chunk by chunk as the reader pulls
 *   (100 MB never sits in memory); `?chunked=1` leaves out Content-Length.
 * - `POST|PUT /upload` counts the bytes streamed in and answers `{ bytes, first_chunk_ms }`;
 *   `uploads` records when the first chunk arrived, which proves the gateway did not buffer.
 * - `GET /sse?count=N&interval_ms=M` sends N events on a timer (`id: i`, `data: {"n":i}`).
 * - WebSocket upgrades on any path echo every message (text stays text, binary stays binary).
 * - `/echo` and every other path answer the request as JSON (EchoedRequest).
 */
export class FakeRestStreams {
  readonly uploads: UploadRecord[] = [];
  readonly handshakes: WebSocketHandshake[] = [];
  /** Requests (any path) in arrival order, for tests that check what reached the upstream. */
  readonly requests: EchoedRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly webSockets: WebSocketServer;

  private constructor(private readonly server: Server) {
    this.webSockets = new WebSocketServer({ noServer: true });
    this.webSockets.on('connection', (socket) => {
      socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    });
    server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
      this.handshakes.push({ path: request.url ?? '/', headers: request.headers });
      this.webSockets.handleUpgrade(request, socket, head, (client) =>
        this.webSockets.emit('connection', client, request),
      );
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) =>
      this.handle(request, response),
    );
  }

  static async start(): Promise<FakeRestStreams> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeRestStreams(server);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** WebSockets currently open on the fake (0 once a proxy closed its side). */
  get openWebSockets(): number {
    return this.webSockets.clients.size;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const client of this.webSockets.clients) client.terminate();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.webSockets.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const target = request.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    const query = queryAt === -1 ? '' : target.slice(queryAt + 1);
    const method = request.method ?? 'GET';
    const download = /^\/download\/(\d+)$/.exec(path);
    if (download !== null && method === 'GET') return this.download(Number(download[1]), query, response);
    if (path === '/upload' && (method === 'POST' || method === 'PUT')) return this.upload(request, response);
    if (path === '/sse' && method === 'GET') return this.sse(query, response);
    this.echo(request, { method, path, query }, response);
  }

  private download(total: number, query: string, response: ServerResponse): void {
    let remaining = total;
    const body = new Readable({
      read() {
        if (remaining === 0) return void this.push(null);
        const size = Math.min(remaining, chunkSize);
        remaining -= size;
        this.push(size === chunkSize ? filler : filler.subarray(0, size));
      },
    });
    const chunked = new URLSearchParams(query).get('chunked') === '1';
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      ...(chunked ? {} : { 'content-length': String(total) }),
    });
    body.pipe(response);
    response.once('close', () => body.destroy());
  }

  private upload(request: IncomingMessage, response: ServerResponse): void {
    const record: UploadRecord = {
      method: request.method ?? 'POST',
      bytes: 0,
      startedAt: performance.now(),
      firstChunkAt: undefined,
      finishedAt: 0,
    };
    request.on('data', (chunk: Buffer) => {
      record.firstChunkAt ??= performance.now();
      record.bytes += chunk.length;
    });
    request.on('end', () => {
      record.finishedAt = performance.now();
      this.uploads.push(record);
      const firstChunkMs = record.firstChunkAt === undefined ? null : record.firstChunkAt - record.startedAt;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ bytes: record.bytes, first_chunk_ms: firstChunkMs }));
    });
  }

  private sse(query: string, response: ServerResponse): void {
    const params = new URLSearchParams(query);
    const count = Number(params.get('count') ?? '5');
    const interval = Number(params.get('interval_ms') ?? '20');
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.flushHeaders();
    let sent = 0;
    const timer = setInterval(() => {
      sent += 1;
      response.write(`id: ${sent}\ndata: ${JSON.stringify({ n: sent })}\n\n`);
      if (sent >= count) {
        clearInterval(timer);
        response.end();
      }
    }, interval);
    response.once('close', () => clearInterval(timer));
  }

  private echo(
    request: IncomingMessage,
    target: { method: string; path: string; query: string },
    response: ServerResponse,
  ): void {
    let bodyBytes = 0;
    request.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    request.on('end', () => {
      const echoed: EchoedRequest = {
        ...target,
        headers: request.headers,
        rawHeaders: request.rawHeaders,
        bodyBytes,
      };
      this.requests.push(echoed);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(echoed));
    });
  }
}
