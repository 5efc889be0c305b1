import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiTextReply } from '../support/fake-upstream.js';
import { buildDist, buildTimeoutMs } from '../support/build-dist.js';

// Runs the built CLI: build dist/ first when it is missing or stale.
beforeAll(buildDist, buildTimeoutMs);

// The management CLI as an operator uses it: the built binary, a store in ./data of a fresh
// directory, the first admin from PORTICO_ADMIN_PASSWORD, a token, then the admin commands.
const bin = resolve('bin/portico.js');
const password = 'operator-password-42';

describe('the portico management commands', () => {
  const upstream = new FakeUpstream(() =>
    openAiTextReply('hi', { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }),
  );
  const cwd = mkdtempSync(join(tmpdir(), 'portico-cli-admin-'));
  let child: ChildProcessByStdio<null, Readable, Readable>;
  let output = '';
  let dataUrl = '';
  let adminUrl = '';
  let token = '';
  const env = (): Record<string, string> => ({
    PATH: process.env['PATH'] ?? '',
    PORTICO_ADMIN_URL: adminUrl,
    PORTICO_ADMIN_TOKEN: token,
    UPSTREAM_KEY: 'sk-from-the-shell',
  });
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { cwd, env: env(), encoding: 'utf8' });

  beforeAll(async () => {
    const base = await upstream.start();
    writeFileSync(
      join(cwd, 'portico.yaml'),
      `providers:\n  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${base}/v1" }\n`,
    );
    writeFileSync(
      join(cwd, 'team.yaml'),
      [
        'providers:',
        `  - { id: second, type: openai, api_key: "\${UPSTREAM_KEY}", base_url: "${base}/v1" }`,
        'models:',
        '  - { name: team-model, targets: [{ provider: second, model: gpt-4o }] }',
        'tenants:',
        '  - name: team-b',
        '    apps: [{ name: tool, subscriptions: [team-model] }]',
        '',
      ].join('\n'),
    );
    child = spawn(
      process.execPath,
      [bin, 'start', '--port', '0', '--admin-port', '0', '--host', '127.0.0.1'],
      {
        cwd,
        env: { PATH: process.env['PATH'] ?? '', PORTICO_ADMIN_PASSWORD: password },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 15_000;
    while (adminUrl === '') {
      if (Date.now() > deadline) throw new Error(`portico did not start:\n${output}`);
      await new Promise((wait) => setTimeout(wait, 50));
      dataUrl = /API at (http:\/\/[\d.]+:\d+\/v1)/.exec(output)?.[1] ?? '';
      adminUrl = /Admin API at (http:\/\/[\d.]+:\d+)\/api\/admin/.exec(output)?.[1] ?? '';
    }
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const created = await fetch(`${adminUrl}/api/admin/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ name: 'cli' }),
    });
    token = ((await created.json()) as { token: string }).token;
  }, 30_000);
  afterAll(async () => {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    await upstream.stop();
  });

  it('created the store and a 0600 master key in ./data on first start', () => {
    expect(statSync(join(cwd, 'data', 'portico.db')).isFile()).toBe(true);
    expect(statSync(join(cwd, 'data', 'master.key')).mode & 0o777).toBe(0o600);
    expect(output).not.toContain(password);
    expect(token).toMatch(/^pat-/);
  });

  it('creates and lists tenants', () => {
    const created = run('tenants', 'create', '--name', 'team-a');
    expect(created.status, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'team-a' });
    const listed = run('tenants', 'list');
    expect(listed.stdout).toContain('team-a');
  });

  it('applies a file with a dry run first, resolving ${VAR} from the shell, then idempotently', () => {
    const dry = run('apply', '-f', 'team.yaml', '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dry_run: true });
    expect(run('export').stdout).not.toContain('team-model');
    const applied = run('apply', '-f', 'team.yaml');
    expect(applied.status, applied.stderr).toBe(0);
    const again = JSON.parse(run('apply', '-f', 'team.yaml').stdout) as { changes: number };
    expect(again.changes).toBe(0);
    const exported = run('export');
    expect(exported.stdout).toContain('team-model');
    expect(exported.stdout).toContain('${UPSTREAM_KEY}');
    expect(exported.stdout).not.toContain('sk-from-the-shell');
  });

  it('creates a key that works on the data plane, lists it without the secret, and revokes it', async () => {
    const tenants = JSON.parse(run('tenants', 'list').stdout) as { items: { id: string; name: string }[] };
    const teamB = tenants.items.find((tenant) => tenant.name === 'team-b');
    const apps = (await (
      await fetch(`${adminUrl}/api/admin/tenants/${teamB?.id ?? ''}/apps`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { items: { id: string }[] };
    const appId = apps.items[0]?.id ?? '';
    const created = run('keys', 'create', '--app', appId, '--name', 'ci');
    expect(created.status, created.stderr).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; key: string };
    const ask = () =>
      fetch(`${dataUrl}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'team-model', messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await ask()).status).toBe(200);
    const listed = run('keys', 'list', '--app', appId);
    expect(listed.stdout).toContain(key.id);
    expect(listed.stdout).not.toContain(key.key);
    expect(run('keys', 'revoke', key.id).status).toBe(0);
    expect((await ask()).status).toBe(401);
  });

  it('says clearly when no token is given, and migrates an up-to-date store', () => {
    const refused = spawnSync(process.execPath, [bin, 'tenants', 'list'], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '' },
      encoding: 'utf8',
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('PORTICO_ADMIN_TOKEN');
    const migrated = run('migrate');
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('up to date');
  });
});
