import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * How a fake node answers requests other than its health path:
 * - `healthy`: 200 JSON `{ node, method, url, bodyBytes }` (the body is read and counted);
 * - `failing`: `failStatus` (500) JSON `{ error, node }` (the body is read first);
 * - `reset`: destroys the connection without an answer;
 * - `hang`: reads the request and never answers;
 * - `drip`: 200 at once, then a body chunk every `delayMs` (at least 10 ms) that never ends.
 */
export type FakeNodeMode = 'healthy' | 'failing' | 'reset' | 'hang' | 'drip';

/** A request a fake node received (health probes included, flagged). */
export interface FakeNodeRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** Bytes of request body the node read (0 when it reset before reading). */
  bodyBytes: number;
  health: boolean;
}

export interface FakeRestNodeOptions {
  /** Returned in every answer as `node`, so tests see which node served a call. */
  id: string;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Path of the health endpoint (default `/health`). */
  healthPath?: string;
}

/**
 * An upstream node for REST gateway tests, on 127.0.0.1 port 0. Change `mode`, `delayMs` (wait
 * before the answer's head: a slow node) and `healthStatus` at any time; `setHealthy()` flips
 * both for a flapping node. `requests` records everything it received.
 */
export class FakeRestNode {
  mode: FakeNodeMode = 'healthy';
  /** Milliseconds before the head of an answer (health answers included). */
  delayMs = 0;
  /** Status of the health endpoint. */
  healthStatus = 200;
  /** Status of answers in `failing` mode. */
  failStatus = 500;
  readonly requests: FakeNodeRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private url_ = '';

  private constructor(
    readonly id: string,
    private readonly server: Server,
    private readonly healthPath: string,
  ) {}

  static async start(options: FakeRestNodeOptions): Promise<FakeRestNode> {
    const handler = (request: IncomingMessage, response: ServerResponse): void => {
      void node.handle(request, response);
    };
    const server =
      options.tls === undefined ? createHttpServer(handler) : createHttpsServer(options.tls, handler);
    const node = new FakeRestNode(options.id, server, options.healthPath ?? '/health');
    server.on('connection', (socket: Socket) => {
      node.sockets.add(socket);
      socket.once('close', () => node.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    node.url_ = `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${String(port)}`;
    return node;
  }

  /** Origin of the node, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    return this.url_;
  }

  /** Requests other than health probes. */
  get calls(): FakeNodeRequest[] {
    return this.requests.filter((request) => !request.health);
  }

  /** Health probes received. */
  get probes(): number {
    return this.requests.filter((request) => request.health).length;
  }

  /** Flapping: healthy answers and health 200, or 503s (answers and health) like a node going down. */
  setHealthy(healthy: boolean): void {
    this.mode = healthy ? 'healthy' : 'failing';
    this.failStatus = 503;
    this.healthStatus = healthy ? 200 : 503;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const health = request.url === this.healthPath;
    const recorded: FakeNodeRequest = {
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      bodyBytes: 0,
      health,
    };
    this.requests.push(recorded);
    const mode = health ? 'healthy' : this.mode;
    if (mode === 'reset') {
      request.socket.destroy();
      return;
    }
    for await (const chunk of request) recorded.bodyBytes += (chunk as Buffer).length;
    if (mode === 'hang') return;
    if (mode === 'drip') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      while (!response.destroyed) {
        response.write(`${this.id}\n`);
        await this.wait(Math.max(this.delayMs, 10));
      }
      return;
    }
    if (this.delayMs > 0) await this.wait(this.delayMs);
    if (response.destroyed) return;
    if (health) {
      response.writeHead(this.healthStatus, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const status = mode === 'failing' ? this.failStatus : 200;
    const body =
      mode === 'failing'
        ? { error: 'failing on purpose', node: this.id }
        : { node: this.id, method: recorded.method, url: recorded.url, bodyBytes: recorded.bodyBytes };
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

/** A URL on 127.0.0.1 where nothing listens (connections are refused). */
export async function refusedUrl(): Promise<string> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${String(port)}`;
}

/**
 * A TCP server that accepts connections and never says a word. As an `https://` node it never
 * completes the TLS handshake, which is how tests make the connect timeout fire.
 */
export async function startSilentTcpServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${String(port)}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
