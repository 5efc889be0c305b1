import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiTextReply } from '../support/fake-upstream.js';
import { loadTenantConfig } from '../support/load-tenant-config.js';
import { buildDist, buildTimeoutMs } from '../support/build-dist.js';

beforeAll(buildDist, buildTimeoutMs);

// `portico start --workers 2`: a worker's admit goes through the primary's engine, so a quota
// counts the requests of both workers exactly, and the primary stores the count at shutdown.
const bin = resolve('bin/portico.js');
const quotaKey = 'pk-test-workers-quota-key-0001';

interface Running {
  child: ChildProcessByStdio<null, Readable, Readable>;
  dataUrl: string;
  exited: Promise<number | null>;
}

describe('quotas under portico start --workers 2', () => {
  const upstream = new FakeUpstream(() =>
    openAiTextReply('ok', { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }),
  );
  const cwd = mkdtempSync(join(tmpdir(), 'portico-workers-quotas-'));
  let running: Running | undefined;

  async function start(): Promise<Running> {
    const child = spawn(
      process.execPath,
      [bin, 'start', '--workers', '2', '--port', '0', '--admin-port', '0', '--host', '127.0.0.1'],
      {
        cwd,
        env: { PATH: process.env['PATH'] ?? '', PORTICO_ADMIN_PASSWORD: 'workers-quota-password-42' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 20_000;
    let dataUrl = '';
    while (dataUrl === '' || !output.includes('Admin API at')) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`portico did not start:\n${output}`);
      await new Promise((wait) => setTimeout(wait, 50));
      dataUrl = /API at (http:\/\/[\d.]+:\d+\/v1)/.exec(output)?.[1] ?? '';
    }
    return { child, dataUrl, exited };
  }

  beforeAll(async () => {
    const base = await upstream.start();
    writeFileSync(
      join(cwd, 'portico.yaml'),
      loadTenantConfig(base, [
        {
          name: 'quota',
          key: quotaKey,
          policy: '        limits: { requests_per_day: 23, requests_per_month: 1000 }\n',
        },
      ]),
    );
    running = await start();
  }, 30_000);
  afterAll(async () => {
    if (running !== undefined && running.child.exitCode === null) running.child.kill('SIGKILL');
    await upstream.stop();
  });

  async function burst(count: number): Promise<{ status: number; code: string | undefined }[]> {
    const dataUrl = running?.dataUrl ?? '';
    return Promise.all(
      Array.from({ length: count }, async () => {
        const response = await fetch(`${dataUrl}/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${quotaKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
        });
        const body = (await response.json()) as { error?: { code: string } };
        return { status: response.status, code: body.error?.code };
      }),
    );
  }

  it('admits exactly the day quota over both workers, and stores the count at shutdown', async () => {
    const answers = await burst(150);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(23);
    expect(answers.filter((answer) => answer.code === 'quota_exceeded')).toHaveLength(127);
    running?.child.kill('SIGTERM');
    expect(await running?.exited).toBe(0);
    const database = new Database(join(cwd, 'data', 'portico.db'), { readonly: true });
    try {
      const rows = database
        .prepare("SELECT period, requests FROM quota_usage WHERE scope = 'app' ORDER BY period")
        .all();
      expect(rows).toEqual([
        { period: 'day', requests: 23 },
        { period: 'month', requests: 23 },
      ]);
    } finally {
      database.close();
    }
  }, 30_000);

  it('still refuses after the cluster restarts on the same store', async () => {
    running = await start();
    const answers = await burst(10);
    expect(answers.every((answer) => answer.code === 'quota_exceeded')).toBe(true);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  }, 30_000);
});
