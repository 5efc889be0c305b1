import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import type { GatewayContext } from '../../../../src/pipeline/context/gateway-context.js';
import type { ReplyWriter } from '../../../../src/pipeline/context/reply-writer.js';
import { AccessLogWriter } from '../../../../src/pipeline/account/access-log-writer.js';
import { createLogger } from '../../../../src/telemetry/create-logger.js';

interface Capture {
  writer: AccessLogWriter;
  /** Lines the destination received (first handing over what waits for the turn's end, unless `flush` is false). */
  lines: (options?: { flush: boolean }) => Record<string, unknown>[];
  /** Writes the destination received. */
  writes: () => number;
}

function capture(level: string, flushDelayMs = 0): Capture {
  let text = '';
  let writes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      writes++;
      callback();
    },
  });
  const logger = createLogger(level, sink);
  const writer = new AccessLogWriter(logger, flushDelayMs);
  return {
    writer,
    lines: ({ flush } = { flush: true }) => {
      if (flush) writer.flush();
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    writes: () => writes,
  };
}

function context(overrides: Partial<GatewayContext> = {}): GatewayContext {
  const receivedAt = process.hrtime.bigint() - 5_000_000n;
  return {
    requestId: 'req_"quoted"\nline',
    clientRequestId: undefined,
    receivedAt,
    method: 'POST',
    path: '/v1/chat/completions',
    endpoint: '/v1/chat/completions',
    headers: { authorization: 'Bearer sk-secret' },
    query: '',
    ingress: {},
    body: { messages: [{ role: 'user', content: 'a secret prompt' }] },
    bodyBytes: 40,
    signal: new AbortController().signal,
    reply: {} as ReplyWriter,
    responseHeaders: {},
    stream: false,
    attempts: [{ provider: 'openai', model: 'gpt-4o', status: 200, durationMs: 3.5 }],
    upstreamMs: 3.5,
    warnings: [],
    ...overrides,
  };
}

describe('AccessLogWriter', () => {
  it("writes one line in the logger's format: level, time, service, the request's facts, msg", () => {
    const { writer, lines } = capture('info');
    writer.write(
      context({
        status: 200,
        clientRequestId: 'client-trace-1',
        keyName: 'dev',
        routeName: 'fast',
        firstByteAt: process.hrtime.bigint(),
        usage: { inputTokens: 12, outputTokens: 30, totalTokens: 42 },
        costUsd: 0.0002,
      }),
    );
    const [line] = lines();
    expect(line).toMatchObject({
      level: 'info',
      service: 'portico',
      msg: 'request',
      requestId: 'req_"quoted"\nline',
      clientRequestId: 'client-trace-1',
      method: 'POST',
      path: '/v1/chat/completions',
      status: 200,
      key: 'dev',
      route: 'fast',
      stream: false,
      attempts: [{ provider: 'openai', model: 'gpt-4o', status: 200, durationMs: 3.5 }],
      inputTokens: 12,
      outputTokens: 30,
      costUsd: 0.0002,
    });
    expect(new Date(String(line?.['time'])).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(line?.['durationMs']).toBeGreaterThanOrEqual(5);
    expect(line?.['gatewayMs']).toBeGreaterThanOrEqual(0);
  });

  it('leaves out what is unknown and never writes headers or bodies', () => {
    const { writer, lines } = capture('info');
    writer.write(context());
    const [line] = lines();
    for (const absent of [
      'clientRequestId',
      'key',
      'route',
      'firstByteMs',
      'inputTokens',
      'costUsd',
      'errorCode',
      'clientClosed',
    ]) {
      expect(line).not.toHaveProperty(absent);
    }
    expect(JSON.stringify(line)).not.toMatch(/sk-secret|secret prompt|authorization/i);
  });

  it('names the error code, and client_closed when the client left', () => {
    const { writer, lines } = capture('info');
    writer.write(context({ status: 429, error: new GatewayError('gateway_rate_limited', 'slow down') }));
    const left = new AbortController();
    left.abort();
    writer.write(context({ status: 499, signal: left.signal }));
    expect(lines()).toEqual([
      expect.objectContaining({ status: 429, errorCode: 'gateway_rate_limited' }),
      expect.objectContaining({ status: 499, errorCode: 'client_closed', clientClosed: true }),
    ]);
  });

  it('stamps each line with the time it was written, to the millisecond', async () => {
    const { writer, lines } = capture('info');
    const before = Date.now();
    writer.write(context({ requestId: 'first', status: 200 }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    writer.write(context({ requestId: 'second', status: 200 }));
    const after = Date.now();
    const [first, second] = lines().map((line) => Date.parse(String(line['time'])));
    expect(first).toBeGreaterThanOrEqual(before);
    expect(second).toBeGreaterThan(first ?? 0);
    expect(second).toBeLessThanOrEqual(after);
  });

  it('writes nothing when the log level is above info', () => {
    const { writer, lines } = capture('warn');
    writer.write(context({ status: 200 }));
    expect(lines()).toEqual([]);
  });

  it('hands the lines of one event-loop turn to the destination in one write, in order, at its end', async () => {
    const { writer, lines, writes } = capture('info');
    writer.write(context({ requestId: 'first', status: 200 }));
    writer.write(context({ requestId: 'second', status: 200 }));
    expect(lines({ flush: false })).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines({ flush: false }).map((line) => line['requestId'])).toEqual(['first', 'second']);
    expect(writes()).toBe(1);
  });

  it('with a flush delay, keeps the lines of several turns for one write when the delay is up', async () => {
    const { writer, lines, writes } = capture('info', 40);
    writer.write(context({ requestId: 'first', status: 200 }));
    await new Promise((resolve) => setImmediate(resolve));
    writer.write(context({ requestId: 'second', status: 200 }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(writes()).toBe(0);
    await expect.poll(() => writes(), { timeout: 2_000 }).toBe(1);
    expect(lines({ flush: false }).map((line) => line['requestId'])).toEqual(['first', 'second']);
  });

  it('writes the line of a failed request at once, with the lines waiting before it', () => {
    const { writer, lines } = capture('info', 60_000);
    writer.write(context({ requestId: 'ok', status: 200 }));
    writer.write(
      context({ requestId: 'failed', status: 502, error: new GatewayError('upstream_error', 'no') }),
    );
    expect(lines({ flush: false }).map((line) => line['requestId'])).toEqual(['ok', 'failed']);
  });

  it('after a write forced by a failure, later lines still leave when their own delay is up', async () => {
    const { writer, lines, writes } = capture('info', 30);
    writer.write(context({ requestId: 'before', status: 200 }));
    writer.write(
      context({ requestId: 'failed', status: 502, error: new GatewayError('upstream_error', 'no') }),
    );
    expect(writes()).toBe(1);
    writer.write(context({ requestId: 'after', status: 200 }));
    await expect.poll(() => writes(), { timeout: 2_000 }).toBe(2);
    expect(lines({ flush: false }).map((line) => line['requestId'])).toEqual(['before', 'failed', 'after']);
  });

  it('writes at once when 64 K characters of lines are waiting, whatever the delay', () => {
    const { writer, lines, writes } = capture('info', 60_000);
    const padding = 'x'.repeat(1_000);
    for (let index = 0; index < 70; index++)
      writer.write(context({ requestId: `r${index}${padding}`, status: 200 }));
    expect(writes()).toBe(1);
    const written = lines({ flush: false }).length;
    expect(written).toBeGreaterThan(50);
    expect(written).toBeLessThan(70);
    writer.flush();
    expect(lines({ flush: false })).toHaveLength(70);
  });

  it('writes at most 512 characters of a path (node accepts 16 KB of it)', () => {
    const { writer, lines } = capture('info', 0);
    writer.write(context({ path: `/v1/${'x'.repeat(10_000)}` }));
    expect((lines()[0]?.['path'] as string).length).toBe(512);
  });
});
