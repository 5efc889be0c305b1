import { connect, type Socket } from 'node:net';

/** An answer read off a raw socket. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A request written by hand over TCP, so a test controls exactly how much of the body is sent. */
export interface RawRequest {
  socket: Socket;
  /** Resolves with the first whole answer (head and a `content-length` body), whatever was sent. */
  response: Promise<RawResponse>;
  /** Writes body bytes (framed as a chunk when the request is chunked). */
  write(bytes: Uint8Array | string): Promise<void>;
}

/**
 * Opens a connection and writes a request head: with `contentLength`, that declared length;
 * without it, `transfer-encoding: chunked`. The body is written with `write`.
 */
export async function openRawRequest(options: {
  port: number;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  contentLength?: number;
}): Promise<RawRequest> {
  const socket = connect(options.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const chunked = options.contentLength === undefined;
  const head = [
    `${options.method ?? 'POST'} ${options.path} HTTP/1.1`,
    'host: 127.0.0.1',
    'content-type: application/json',
    chunked ? 'transfer-encoding: chunked' : `content-length: ${options.contentLength}`,
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  socket.write(head);
  const response = new Promise<RawResponse>((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseResponse(received);
      if (parsed === undefined) return;
      socket.removeListener('data', onData);
      resolve(parsed);
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('close', () =>
      reject(new Error(`connection closed after ${received.length} bytes of answer`)),
    );
  });
  // Keeps an unhandled rejection away when a test only checks that the connection stays open.
  response.catch(() => undefined);
  return {
    socket,
    response,
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
        const framed = chunked
          ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')])
          : data;
        socket.write(framed, (error) => (error ? reject(error) : resolve()));
      }),
  };
}

function parseResponse(received: Buffer): RawResponse | undefined {
  const end = received.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const lines = received.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(lines[0]?.split(' ')[1]);
  if (status === 100) return parseResponse(received.subarray(end + 4));
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  if (received.length < end + 4 + length) return undefined;
  return { status, headers, body: received.subarray(end + 4, end + 4 + length).toString('utf8') };
}

/**
 * Writes `bytes` exactly as given (a hand-made request head and body, hostile ones included)
 * and resolves with the first answer, or with `closed` when the server closed the connection
 * without answering.
 */
export async function sendRawBytes(port: number, bytes: string): Promise<RawResponse | 'closed'> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return new Promise<RawResponse | 'closed'>((resolve) => {
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseResponse(received);
      if (parsed === undefined) return;
      socket.destroy();
      resolve(parsed);
    });
    // A reset after the answer is normal for refused requests; the answer already resolved.
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(parseResponse(received) ?? 'closed'));
    socket.write(bytes);
  });
}
