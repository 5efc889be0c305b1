import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request the fake upstream received. */
export interface RecordedRequest {
  method: string;
  /** Path with query. */
  url: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body, or undefined when empty / not JSON. */
  body: unknown;
}

/** What the fake does with one request. */
export type FakeReply =
  | { kind: 'json'; status?: number; headers?: Record<string, string>; body: unknown }
  /** SSE events (each without its trailing blank line), optionally spaced by `delayMs`. */
  | {
      kind: 'sse';
      status?: number;
      headers?: Record<string, string>;
      events: string[];
      delayMs?: number;
      thenReset?: boolean;
      /** Held before the last event is written: lets a test observe the stream while it is open. */
      gate?: Promise<void>;
    }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Destroys the connection without a response. */
  | { kind: 'reset' }
  | { kind: 'raw'; status: number; headers?: Record<string, string>; body: string }
  /** Binary chunks written one by one (e.g. AWS event-stream frames), optionally spaced by `delayMs`. */
  | {
      kind: 'bytes';
      status?: number;
      headers?: Record<string, string>;
      chunks: Uint8Array[];
      delayMs?: number;
    };

export type FakeHandler = (request: RecordedRequest) => FakeReply;

/**
 * A loopback HTTP server standing in for a vendor API in tests: answers each request with what
 * the handler returns, records every request, and can hang or reset to inject faults.
 */
export class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  /** Requests whose connection closed before the fake finished answering (client aborts). */
  aborted = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private handler: FakeHandler) {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Replaces the handler (e.g. to switch a target from failing to healthy). */
  setHandler(handler: FakeHandler): void {
    this.handler = handler;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Number of open TCP connections from the gateway. */
  get openConnections(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = {
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      body,
    };
    this.requests.push(recorded);
    let finished = false;
    response.once('close', () => {
      if (!finished) this.aborted++;
    });
    const reply = this.handler(recorded);
    switch (reply.kind) {
      case 'hang':
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case 'raw':
        response.writeHead(reply.status, reply.headers);
        response.end(reply.body);
        finished = true;
        return;
      case 'json':
        response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        response.end(JSON.stringify(reply.body));
        finished = true;
        return;
      case 'bytes':
        response.writeHead(reply.status ?? 200, reply.headers);
        for (const chunk of reply.chunks) {
          if (response.destroyed) return;
          response.write(chunk);
          if (reply.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        }
        finished = true;
        response.end();
        return;
      case 'sse':
        response.writeHead(reply.status ?? 200, { 'content-type': 'text/event-stream', ...reply.headers });
        for (const [index, event] of reply.events.entries()) {
          if (response.destroyed) return;
          if (reply.gate !== undefined && index === reply.events.length - 1) await reply.gate;
          response.write(`${event}\n\n`);
          if (reply.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        }
        if (reply.thenReset === true) {
          // Let the written events reach the gateway before the connection dies.
          await new Promise((resolve) => setTimeout(resolve, 50));
          request.socket.destroy();
          return;
        }
        finished = true;
        response.end();
    }
  }
}

/** OpenAI `chat.completion.chunk` SSE events for a streamed text answer, usage last. */
export function openAiTextStream(model: string, words: string[], withUsage = true): string[] {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model, choices, ...extra })}`;
  return [
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    ...words.map((word) => chunk([{ index: 0, delta: { content: word }, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]),
    ...(withUsage
      ? [
          chunk([], {
            usage: { prompt_tokens: 7, completion_tokens: words.length, total_tokens: 7 + words.length },
          }),
        ]
      : []),
    'data: [DONE]',
  ];
}

/** An OpenAI `chat.completion` body with one text choice. */
export function openAiCompletion(model: string, text: string): Record<string, unknown> {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: 9,
      completion_tokens: 3,
      total_tokens: 12,
      prompt_tokens_details: { cached_tokens: 2 },
    },
  };
}

/** An OpenAI `chat.completion` JSON reply with one text answer and the given usage. */
export function openAiTextReply(
  content: string,
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number },
  model = 'gpt-4o',
): FakeReply {
  return {
    kind: 'json',
    body: {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage,
    },
  };
}
