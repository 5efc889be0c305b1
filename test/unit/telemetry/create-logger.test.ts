import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, flushLogger } from '../../../src/telemetry/create-logger.js';

/** A logger writing into a string, and the parsed lines written so far. */
const capture = (): { logger: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } => {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });
  return {
    logger: createLogger('info', sink),
    lines: () =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
};

describe('createLogger', () => {
  it("logs the API key's name but redacts authorization, api_key and password", () => {
    const { logger, lines } = capture();
    logger.info({ key: 'dev', authorization: 'Bearer x', api_key: 'y', password: 'z' }, 'request');
    expect(lines()).toEqual([
      expect.objectContaining({
        msg: 'request',
        key: 'dev',
        authorization: '[redacted]',
        api_key: '[redacted]',
        password: '[redacted]',
      }),
    ]);
  });

  it('redacts credential headers, tokens and cookies, top level or in headers', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        apiKey: 'a',
        token: 'b',
        'x-api-key': 'c',
        headers: { authorization: 'Bearer d', cookie: 'e', 'x-goog-api-key': 'f', accept: 'text/plain' },
        provider: { apiKey: 'g', id: 'openai' },
      },
      'secrets',
    );
    const [line] = lines();
    expect(line).toMatchObject({
      apiKey: '[redacted]',
      token: '[redacted]',
      'x-api-key': '[redacted]',
      headers: {
        authorization: '[redacted]',
        cookie: '[redacted]',
        'x-goog-api-key': '[redacted]',
        accept: 'text/plain',
      },
      provider: { apiKey: '[redacted]', id: 'openai' },
    });
    expect(JSON.stringify(line)).not.toMatch(/Bearer d|"[abcefg]"/);
  });

  it('flushLogger resolves once the asynchronous destination has written every line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'portico-log-')), 'out.log');
    const destination = pino.destination({ dest: file, sync: false, mkdir: true });
    await new Promise((resolve) => destination.once('ready', resolve));
    const logger = createLogger('info', destination);
    for (let line = 0; line < 2_000; line++)
      logger.info({ line }, 'a line long enough to take a while to write');
    await flushLogger(logger);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2_000);
  });
});
