import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiCompletion } from '../support/fake-upstream.js';
import { openRawRequest } from '../support/raw-http-request.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const run = promisify(execFile);
const key = 'sk-lingering-test-0123456789';
const mebibyte = 1024 * 1024;
// The size that lost the 413 to EPIPE in issue 14.
const sixtyMegabytes = Buffer.alloc(60 * 1000 * 1000, 0x20);

/**
 * Writes the whole body with node's http client, as issue 14's client did; resolves once every
 * byte was written and the answer was read, rejects with the socket error (EPIPE, ECONNRESET)
 * when the connection was cut under the upload.
 */
function writeAllThenRead(
  port: number,
  headers: Record<string, string>,
  chunks: Buffer[],
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answer: { status: number; body: string } | undefined;
    let written = false;
    const settle = (): void => {
      if (answer !== undefined && written) resolve(answer);
    };
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/chat/completions',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          answer = { status: response.statusCode ?? 0, body };
          settle();
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end(() => {
      written = true;
      settle();
    });
  });
}

describe('an answer sent before the body was read reaches a client that is still sending', () => {
  const upstream = new FakeUpstream(() => ({ kind: 'json', body: openAiCompletion('m', 'ok') }));
  let gateway: TestGateway;
  let directory: string;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(`
server:
  max_body_mb: 1
providers:
  - { id: up, type: openai-compatible, base_url: ${base}/v1 }
models:
  - { name: m1, targets: [{ provider: up, model: m }] }
keys:
  - { name: dev, key: ${key} }
`);
    directory = mkdtempSync(join(tmpdir(), 'portico-lingering-'));
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const auth = { authorization: `Bearer ${key}` };

  it('node http client, 60 MB with a length: 413 body_too_large arrives, not EPIPE', async () => {
    const answer = await writeAllThenRead(
      gateway.port,
      { ...auth, 'content-length': String(sixtyMegabytes.length) },
      [sixtyMegabytes],
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'body_too_large' } });
  });

  it('node http client, 3 MB chunked: 413 found after 1 MiB arrives while the rest is sent', async () => {
    const chunks = Array.from({ length: 48 }, () => Buffer.alloc(64 * 1024, 0x20));
    const answer = await writeAllThenRead(gateway.port, auth, chunks);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'body_too_large' } });
  });

  it('node http client, 60 MB without a key: 401 arrives', async () => {
    const answer = await writeAllThenRead(gateway.port, { 'content-length': String(sixtyMegabytes.length) }, [
      sixtyMegabytes,
    ]);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'invalid_api_key' } });
  });

  it('openai SDK: a 5 MB request gets APIError 413, a wrong key AuthenticationError 401', async () => {
    const messages = [{ role: 'user' as const, content: 'x'.repeat(5 * mebibyte) }];
    const client = new OpenAI({ apiKey: key, baseURL: gateway.url, maxRetries: 0 });
    const tooLarge = await client.chat.completions
      .create({ model: 'm1', messages })
      .catch((error: unknown) => error);
    expect(tooLarge).toBeInstanceOf(OpenAI.APIError);
    expect((tooLarge as InstanceType<typeof OpenAI.APIError>).status).toBe(413);
    expect((tooLarge as InstanceType<typeof OpenAI.APIError>).code).toBe('body_too_large');
    const stranger = new OpenAI({ apiKey: 'sk-wrong-key-000000000000', baseURL: gateway.url, maxRetries: 0 });
    const refused = await stranger.chat.completions
      .create({ model: 'm1', messages })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  // curl sends `Expect: 100-continue` for large bodies: the answer then comes before any body byte.
  for (const expect100 of [true, false]) {
    it(`curl --data-binary 60 MB ${expect100 ? 'with' : 'without'} Expect: 100-continue: the 413 and the 401 arrive`, async () => {
      const file = join(directory, 'body.json');
      writeFileSync(file, sixtyMegabytes);
      const curl = async (headers: string[]): Promise<{ status: string; body: string }> => {
        const { stdout } = await run('curl', [
          '--silent',
          '--show-error',
          '--output',
          '-',
          '--write-out',
          '\n%{http_code}',
          '--header',
          'content-type: application/json',
          ...(expect100 ? [] : ['--header', 'Expect:']),
          ...headers.flatMap((header) => ['--header', header]),
          '--data-binary',
          `@${file}`,
          `${gateway.url}/chat/completions`,
        ]);
        const newline = stdout.lastIndexOf('\n');
        return { body: stdout.slice(0, newline), status: stdout.slice(newline + 1) };
      };
      const tooLarge = await curl([`authorization: Bearer ${key}`]);
      expect(tooLarge.status).toBe('413');
      expect(JSON.parse(tooLarge.body)).toMatchObject({ error: { code: 'body_too_large' } });
      const unauthenticated = await curl([]);
      expect(unauthenticated.status).toBe('401');
      expect(JSON.parse(unauthenticated.body)).toMatchObject({ error: { code: 'invalid_api_key' } });
    });
  }

  it('keeps the connection for the next request once the refused body was read to its end', async () => {
    const raw = await openRawRequest({
      port: gateway.port,
      path: '/v1/chat/completions',
      contentLength: 2 * mebibyte,
      headers: auth,
    });
    await raw.write(Buffer.alloc(2 * mebibyte, 0x20));
    expect((await raw.response).status).toBe(413);
    const next = JSON.stringify({ model: 'm1', messages: [{ role: 'user', content: 'hi' }] });
    const second = new Promise<string>((resolve) => {
      let text = '';
      raw.socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (text.includes('"chat.completion"')) resolve(text);
      });
    });
    raw.socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\ncontent-type: application/json\r\ncontent-length: ${next.length}\r\n\r\n${next}`,
    );
    expect(await second).toMatch(/^HTTP\/1\.1 200/);
    raw.socket.destroy();
  });
});

describe('discarding after an early answer is bounded', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startGateway(`
server:
  max_body_mb: 1
  lingering_time_ms: 200
  lingering_max_mb: 2
keys:
  - { name: dev, key: ${key} }
`);
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('closes the connection when the client stops sending past lingering_time_ms', async () => {
    const raw = await openRawRequest({
      port: gateway.port,
      path: '/v1/chat/completions',
      contentLength: 8 * mebibyte,
    });
    await raw.write(Buffer.alloc(1024, 0x20));
    expect((await raw.response).status).toBe(401);
    await new Promise<void>((resolve) => raw.socket.once('close', () => resolve()));
  });

  it('closes the connection once more than lingering_max_mb was discarded', async () => {
    const raw = await openRawRequest({
      port: gateway.port,
      path: '/v1/chat/completions',
      contentLength: 8 * mebibyte,
    });
    raw.socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => raw.socket.once('close', () => resolve()));
    await raw.write(Buffer.alloc(1024, 0x20));
    expect((await raw.response).status).toBe(401);
    // Far past the 2 MiB bound, written without waiting: the gateway cuts the connection.
    raw.socket.write(Buffer.alloc(6 * mebibyte, 0x20));
    await closed;
  });
});
