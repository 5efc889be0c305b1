import cluster from 'node:cluster';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildFakeResponses, type FakeResponses } from './fake-responses.js';
import { StreamSchedule } from './stream-schedule.js';

/** How the fake upstream answers. */
export interface FakeUpstreamOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Text deltas per streamed answer. */
  chunks: number;
  /**
   * Pause between stream events, in ms (event i is due i × interval after the first); 0 writes them
   * back to back (still one write each).
   */
  intervalMs: number;
  /** Fixed wait before answering, in ms; 0 answers at once. */
  latencyMs: number;
  /**
   * Processes sharing the port (node:cluster, connections handed out in turn); 1 is one process.
   * The slow-streams scenario uses 2 so that one event loop's stall delays half the streams, not all.
   */
  processes: number;
}

const streamFlag = /"stream"\s*:\s*true/;
const usageFlag = /"include_usage"\s*:\s*true/;

/**
 * A fake OpenAI and Anthropic upstream built to never be the bottleneck: bodies are serialized
 * once, requests are matched by path and two regexes instead of JSON.parse.
 */
export async function startFakeUpstream(options: FakeUpstreamOptions): Promise<Server> {
  const responses = buildFakeResponses(options.chunks);
  const schedule = options.intervalMs > 0 ? new StreamSchedule(options.intervalMs) : undefined;
  const server = createServer({ keepAliveTimeout: 120_000 }, (request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      const body = ((parts.length === 1 ? parts[0] : undefined) ?? Buffer.concat(parts)).toString('latin1');
      if (options.latencyMs > 0)
        setTimeout(answer, options.latencyMs, request, response, body, responses, schedule);
      else answer(request, response, body, responses, schedule);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return server;
}

function answer(
  request: IncomingMessage,
  response: ServerResponse,
  body: string,
  responses: FakeResponses,
  schedule: StreamSchedule | undefined,
): void {
  const stream = streamFlag.test(body);
  switch (request.url) {
    case '/v1/chat/completions':
      if (!stream) return sendJson(response, responses.openAiJson);
      return sendStream(
        response,
        usageFlag.test(body) ? responses.openAiStreamWithUsage : responses.openAiStream,
        schedule,
      );
    case '/v1/messages':
      if (!stream) return sendJson(response, responses.anthropicJson);
      return sendStream(response, responses.anthropicStream, schedule);
    default:
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(`{"error":{"message":"fake upstream: no route ${request.method} ${request.url}"}}`);
  }
}

function sendJson(response: ServerResponse, body: Buffer): void {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  response.end(body);
}

function sendStream(response: ServerResponse, events: Buffer[], schedule: StreamSchedule | undefined): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (schedule !== undefined) return schedule.start(response, events);
  // One write per event so proxies see a real stream, not one buffer.
  for (const event of events) response.write(event);
  response.end();
}

function readOptions(): FakeUpstreamOptions {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env['FAKE_PORT'] ?? '18001' },
      chunks: { type: 'string', default: process.env['FAKE_CHUNKS'] ?? '20' },
      'interval-ms': { type: 'string', default: process.env['FAKE_INTERVAL_MS'] ?? '0' },
      'latency-ms': { type: 'string', default: process.env['FAKE_LATENCY_MS'] ?? '0' },
      processes: { type: 'string', default: process.env['FAKE_PROCESSES'] ?? '1' },
    },
  });
  return {
    port: Number(values.port),
    chunks: Number(values.chunks),
    intervalMs: Number(values['interval-ms']),
    latencyMs: Number(values['latency-ms']),
    processes: Math.max(1, Math.round(Number(values.processes))),
  };
}

/** Forks the worker processes and stops them on SIGTERM; resolves once every one listens. */
async function startWorkers(options: FakeUpstreamOptions): Promise<void> {
  const workers = Array.from({ length: options.processes }, () => cluster.fork());
  await Promise.all(workers.map((worker) => once(worker, 'listening')));
  console.log(
    `fake upstream on http://127.0.0.1:${options.port} in ${options.processes} processes (chunks ${options.chunks}, interval ${options.intervalMs} ms, latency ${options.latencyMs} ms)`,
  );
  process.once('SIGTERM', () => {
    for (const worker of workers) worker.kill('SIGTERM');
    process.exit(0);
  });
}

const isMain = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (isMain && cluster.isPrimary && readOptions().processes > 1) {
  await startWorkers(readOptions());
} else if (isMain) {
  const options = readOptions();
  const server = await startFakeUpstream(options);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  if (cluster.isPrimary)
    console.log(
      `fake upstream on http://127.0.0.1:${port} (chunks ${options.chunks}, interval ${options.intervalMs} ms, latency ${options.latencyMs} ms)`,
    );
  process.once('SIGTERM', () => process.exit(0));
}
