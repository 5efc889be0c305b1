import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiTextStream } from '../support/fake-upstream.js';
import { buildDist, buildTimeoutMs } from '../support/build-dist.js';

// The CLI is tested as users run it: the built `bin/portico.js` (built first when dist/ is stale).
beforeAll(buildDist, buildTimeoutMs);
const bin = resolve('bin/portico.js');
const packageVersion = JSON.parse(
  spawnSync('npm', ['pkg', 'get', 'version'], { encoding: 'utf8' }).stdout,
) as string;

interface Started {
  child: ChildProcessByStdio<null, Readable, Readable>;
  origin: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startCli(args: string[], cwd: string): Promise<Started> {
  const child = spawn(
    process.execPath,
    [bin, 'start', '--port', '0', '--admin-port', '0', '--host', '127.0.0.1', ...args],
    {
      cwd,
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  // A real start loads Fastify and opens the store: seconds on a busy machine (not a speed check).
  const deadline = Date.now() + 60_000;
  let match: RegExpExecArray | null = null;
  while (match === null) {
    if (Date.now() > deadline) throw new Error(`portico did not start:\n${output}`);
    await new Promise((wait) => setTimeout(wait, 50));
    match = /API at (http:\/\/[\d.]+:\d+)\/v1/.exec(output);
  }
  return { child, origin: match[1] ?? '', output: () => output, exited };
}

describe('the portico CLI', () => {
  const upstream = new FakeUpstream((request) => ({
    kind: 'sse',
    events: openAiTextStream((request.body as { model: string }).model, ['one ', 'two ', 'three']),
    delayMs: 300,
  }));
  let upstreamUrl = '';
  const cwd = mkdtempSync(join(tmpdir(), 'portico-cli-'));

  beforeAll(async () => {
    upstreamUrl = await upstream.start();
  });
  afterAll(() => upstream.stop());

  it('prints its version and help', () => {
    const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(packageVersion);
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('start');
    const startHelp = spawnSync(process.execPath, [bin, 'start', '--help'], { encoding: 'utf8' });
    expect(startHelp.stdout).toMatch(/--config <file>[\s\S]*--port <port>/);
  });

  it('starts with no config at all, says that no provider is configured and that the API is open', async () => {
    const started = await startCli([], cwd);
    try {
      const deadline = Date.now() + 5_000;
      while (!started.output().includes('data plane is open') && Date.now() < deadline) {
        await new Promise((wait) => setTimeout(wait, 20));
      }
      expect(started.output()).toContain('No provider is configured');
      expect(started.output()).toContain('data plane is open');
      expect((await fetch(`${started.origin}/healthz`)).status).toBe(200);
      const response = await fetch(`${started.origin}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'no_provider_configured',
      );
    } finally {
      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
    }
  }, 120_000);

  it('refuses an invalid config with the file, the path and the problem, and exit code 2', () => {
    const file = join(cwd, 'bad.yaml');
    writeFileSync(file, 'providers:\n  - id: a\n    type: openai\n    api_key: ${MISSING_KEY}\n');
    const result = spawnSync(process.execPath, [bin, 'start', '--config', file], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `${file}: providers[0].api_key: environment variable MISSING_KEY is not set`,
    );
  });

  it('lists every problem of an invalid config, not only the first, and exits 2', () => {
    const file = join(cwd, 'three-problems.yaml');
    writeFileSync(
      file,
      'server: { port: eighty }\nlogging: { levle: debug }\nproviders:\n  - { id: a, type: openai, api_key: "${MISSING_KEY}" }\n',
    );
    const result = spawnSync(process.execPath, [bin, 'start', '--config', file], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}: 3 problems:`);
    expect(result.stderr).toContain('providers[0].api_key: environment variable MISSING_KEY is not set');
    expect(result.stderr).toContain('server.port: must be integer');
    expect(result.stderr).toContain('logging.levle: is not a known field');
  });

  it('finishes an in-flight stream on SIGTERM, logs it, then exits 0', async () => {
    const file = join(cwd, 'portico.yaml');
    writeFileSync(
      file,
      `providers:\n  - id: up\n    type: openai-compatible\n    base_url: ${upstreamUrl}/v1\nmodels:\n  - name: m\n    targets: [{ provider: up, model: m }]\n`,
    );
    const started = await startCli(['--config', file], cwd);
    const response = await fetch(`${started.origin}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    const text = response.text();
    started.child.kill('SIGTERM');
    expect(await text).toContain('three');
    expect(await started.exited).toBe(0);
    const lines = started
      .output()
      .split('\n')
      .filter((line) => line.includes('"msg":"request"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ status: 200, stream: true, route: 'm' });
    await expect(fetch(`${started.origin}/healthz`)).rejects.toThrow();
  }, 120_000);
});
