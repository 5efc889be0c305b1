import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCallLog } from '../../bench/count-call-log.js';
import { FakeUpstream, openAiTextReply } from '../support/fake-upstream.js';
import { loadTenantConfig } from '../support/load-tenant-config.js';
import { buildDist, buildTimeoutMs } from '../support/build-dist.js';

// Runs the built CLI: build dist/ first when it is missing or stale.
beforeAll(buildDist, buildTimeoutMs);

// `portico start --workers 2` as an operator runs it: the built binary, two worker processes on
// one port, and the limits, budgets, call log and metrics must come out exactly as with one.
const bin = resolve('bin/portico.js');
const password = 'workers-admin-password-42';
const usage = { prompt_tokens: 1_000, completion_tokens: 500, total_tokens: 1_500 };
const callCost = 0.0075; // gpt-4o: 1,000 × 2.5 + 500 × 10 USD per 1M tokens
const keys = {
  rpm: 'pk-test-workers-rpm-key-0001',
  budget: 'pk-test-workers-budget-key-0002',
  open: 'pk-test-workers-open-key-0003',
};

describe('portico start --workers 2', () => {
  const upstream = new FakeUpstream((request) =>
    JSON.stringify(request.body).includes('"stream":true')
      ? {
          kind: 'sse',
          delayMs: 40,
          events: [
            ...Array.from(
              { length: 10 },
              (_, index) =>
                `data: {"id":"s","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"t${index} "},"finish_reason":null}]}`,
            ),
            'data: {"id":"s","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500}}',
            'data: [DONE]',
          ],
        }
      : openAiTextReply('ok', usage),
  );
  const cwd = mkdtempSync(join(tmpdir(), 'portico-workers-'));
  let child: ChildProcessByStdio<null, Readable, Readable>;
  let output = '';
  let dataUrl = '';
  let adminUrl = '';
  let exited: Promise<number | null>;
  let sent = 0;

  beforeAll(async () => {
    const base = await upstream.start();
    writeFileSync(
      join(cwd, 'portico.yaml'),
      loadTenantConfig(base, [
        { name: 'rpm', key: keys.rpm, policy: '        limits: { requests_per_minute: 37 }\n' },
        {
          name: 'budget',
          key: keys.budget,
          policy: `        budgets: [{ period: day, limit_usd: ${10 * callCost + 0.001} }]\n`,
        },
        { name: 'open', key: keys.open, policy: '' },
      ]),
    );
    child = spawn(
      process.execPath,
      [bin, 'start', '--workers', '2', '--port', '0', '--admin-port', '0', '--host', '127.0.0.1'],
      {
        cwd,
        env: { PATH: process.env['PATH'] ?? '', PORTICO_ADMIN_PASSWORD: password },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    exited = new Promise((done) => child.once('exit', (code) => done(code)));
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (dataUrl === '' || adminUrl === '') {
      if (Date.now() > deadline) throw new Error(`portico did not start:\n${output}`);
      await new Promise((wait) => setTimeout(wait, 50));
      dataUrl = /API at (http:\/\/[\d.]+:\d+\/v1)/.exec(output)?.[1] ?? '';
      adminUrl = /Admin API at (http:\/\/[\d.]+:\d+)\/api\/admin/.exec(output)?.[1] ?? '';
    }
  }, 30_000);
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await upstream.stop();
  });

  function call(key: string, stream = false): Promise<Response> {
    sent += 1;
    return fetch(`${dataUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      // ~3,000 bytes of prompt: the reservation covers the real cost, so budgets are exact.
      body: JSON.stringify({
        model: 'm',
        max_tokens: 500,
        stream,
        messages: [{ role: 'user', content: 'x'.repeat(3_000) }],
      }),
    });
  }

  async function burst(key: string, count: number): Promise<number[]> {
    return Promise.all(
      Array.from({ length: count }, () =>
        call(key).then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        }),
      ),
    );
  }
  const count = (statuses: number[], status: number) => statuses.filter((value) => value === status).length;

  it('admits exactly the requests-per-minute limit over both workers', async () => {
    const statuses = await burst(keys.rpm, 200);
    expect(count(statuses, 200)).toBe(37);
    expect(count(statuses, 429)).toBe(163);
  });

  it('spends a budget exactly, never more, over both workers', async () => {
    const statuses = await burst(keys.budget, 120);
    expect(count(statuses, 200)).toBe(10);
    expect(count(statuses, 402)).toBe(110);
  });

  let cookie = '';
  async function admin<T>(method: string, path: string, body?: object): Promise<T> {
    if (cookie === '') {
      const login = await fetch(`${adminUrl}/api/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    }
    const response = await fetch(`${adminUrl}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.ok).toBe(true);
    return (await response.json()) as T;
  }

  it('refuses a revoked key in every worker on the very next call', async () => {
    type Page = { items: { id: string; name: string }[] };
    const tenant = (await admin<Page>('GET', '/api/admin/tenants')).items.find((t) => t.name === 'load');
    const apps = await admin<Page>('GET', `/api/admin/tenants/${tenant?.id ?? ''}/apps`);
    const appId = apps.items.find((a) => a.name === 'open')?.id ?? '';
    const created = await admin<{ id: string; key: string }>('POST', `/api/admin/apps/${appId}/keys`, {
      name: 'short-lived',
    });
    const before = await burst(created.key, 20);
    await admin('POST', `/api/admin/keys/${created.id}/revoke`);
    const after = await burst(created.key, 20);
    expect(count(before, 200)).toBe(20);
    expect(count(after, 401)).toBe(20);
  });

  it('counts every call in /metrics, and both workers served some', async () => {
    await admin('GET', '/api/admin/me');
    expect((await fetch(`${adminUrl}/metrics`)).status).toBe(401);
    // Workers hand finished calls to the primary in batches: wait (bounded) for the last batch.
    const deadline = Date.now() + 10_000;
    let text = '';
    let perWorker: number[] = [];
    do {
      const metrics = await fetch(`${adminUrl}/metrics`, { headers: { cookie } });
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      text = await metrics.text();
      perWorker = [...text.matchAll(/^portico_worker_requests_total\{worker="(\d+)"\} (\d+)$/gm)].map(
        (match) => Number(match[2]),
      );
      if (perWorker.reduce((sum, served) => sum + served, 0) >= sent) break;
      await new Promise((wait) => setTimeout(wait, 100));
    } while (Date.now() < deadline);
    expect(perWorker).toHaveLength(2);
    expect(perWorker.every((served) => served > 0)).toBe(true);
    expect(perWorker.reduce((sum, served) => sum + served, 0)).toBe(sent);
    expect(text).toMatch(/^portico_errors_total\{code="budget_exceeded"\} 110$/m);
    expect(text).toMatch(/^portico_workers 2$/m);
  });

  it('replaces a worker that dies and keeps serving', async () => {
    const workers = (): number[] =>
      spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter((line) => line !== '')
        .map(Number);
    const [victim] = workers();
    expect(victim).toBeDefined();
    process.kill(victim ?? 0, 'SIGKILL');
    const deadline = Date.now() + 15_000;
    // Wait for the replacement to serve, not only to exist.
    while (!output.includes('a new worker is serving')) {
      if (Date.now() > deadline) throw new Error(`no replacement worker:\n${output}`);
      await new Promise((wait) => setTimeout(wait, 100));
    }
    // New connections: the ones this test's client kept alive to the dead worker are gone with it.
    const fresh = new Agent();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async () => {
        sent += 1;
        const response = await request(`${dataUrl}/chat/completions`, {
          method: 'POST',
          dispatcher: fresh,
          headers: { authorization: `Bearer ${keys.open}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'm',
            max_tokens: 500,
            messages: [{ role: 'user', content: 'x'.repeat(3_000) }],
          }),
        });
        await response.body.arrayBuffer();
        return response.statusCode;
      }),
    );
    await fresh.close();
    expect(count(statuses, 200)).toBe(20);
    expect(output).toContain('a worker died; starting a new one');
  }, 30_000);

  it('finishes in-flight streams on SIGTERM and loses no call-log row or spend', async () => {
    const streams = Array.from({ length: 20 }, () =>
      call(keys.open, true).then(async (response) => ({
        status: response.status,
        body: await response.text(),
      })),
    );
    await new Promise((wait) => setTimeout(wait, 150));
    child.kill('SIGTERM');
    const finished = await Promise.all(streams);
    expect(finished.every(({ status, body }) => status === 200 && body.includes('data: [DONE]'))).toBe(true);
    expect(await exited).toBe(0);

    const storeFile = join(cwd, 'data', 'portico.db');
    const logged = countCallLog(storeFile);
    expect(logged.rows).toBe(sent);
    expect(logged.ok).toBe(37 + 10 + 20 + 20 + 20);
    const database = new Database(storeFile, { readonly: true });
    try {
      const spent = database
        .prepare("SELECT sum(spent_usd) AS usd FROM spend WHERE scope = 'tenant' AND period = 'day'")
        .get() as { usd: number };
      expect(spent.usd).toBeCloseTo((37 + 10 + 20 + 20 + 20) * callCost, 9);
    } finally {
      database.close();
    }
  }, 30_000);
});
