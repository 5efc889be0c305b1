import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist, buildTimeoutMs } from '../support/build-dist.js';

// Every start runs the real bin (or `npm start`) the way people do, in a fresh directory; a real
// process start takes seconds on a busy machine, hence the long test timeouts (not speed checks).
const bin = resolve('bin/portico.js');
const masterKey = '0f'.repeat(32);
const baseEnv = { PATH: process.env['PATH'] ?? '', PORTICO_MASTER_KEY: masterKey, DATABASE_URL: ':memory:' };

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Run {
  const child = spawn(command, args, {
    cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'portico-startup-')),
    env: { ...baseEnv, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, output: () => output, exited };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 20));
  }
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Whether something accepts TCP connections at host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** The JSON log lines of a run (other output, such as the one-time password, skipped). */
function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Linux: the pids whose parent is `pid`, and theirs (read from /proc). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // It exited while we looked.
    }
  }
  const found: number[] = [];
  const visit = (parent: number): void => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A checkout builds dist/ on the first start when sources changed: do that once, before timing starts.
beforeAll(buildDist, buildTimeoutMs);

describe('starting and stopping Portico', () => {
  it('with no key and no host named, listens on 127.0.0.1 only and says so and how to open it', async () => {
    const started = run(process.execPath, [bin, 'start', '--port', '0', '--admin-port', '0']);
    try {
      await waitFor('the listening line', () => started.output().includes('Portico listening'));
      const lines = jsonLines(started.output());
      const listening = lines.find((line) => String(line['msg']).startsWith('Portico listening'));
      expect(listening).toMatchObject({ address: '127.0.0.1' });
      const port = Number(listening?.['port']);
      expect(String(listening?.['msg'])).toContain(`127.0.0.1:${port} (this machine only)`);
      expect(lines.some((line) => String(line['msg']).includes('--host 0.0.0.0'))).toBe(true);
      expect(await accepts('127.0.0.1', port)).toBe(true);
      // 127.0.0.2 is loopback too on Linux: a socket bound to 0.0.0.0 would accept it.
      expect(await accepts('127.0.0.2', port)).toBe(false);
    } finally {
      started.child.kill('SIGTERM');
      expect((await started.exited).code).toBe(0);
    }
  }, 120_000);

  it('with an API key configured and no host named, listens on every interface and says so', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'portico-startup-'));
    writeFileSync(join(cwd, 'portico.yaml'), `keys:\n  - name: dev\n    key: pk-test-${'a'.repeat(24)}\n`);
    const started = run(process.execPath, [bin, 'start', '--port', '0', '--admin-port', '0'], { cwd });
    try {
      await waitFor('the listening line', () => started.output().includes('Portico listening'));
      const listening = jsonLines(started.output()).find((line) =>
        String(line['msg']).startsWith('Portico listening'),
      );
      expect(listening).toMatchObject({ address: '0.0.0.0' });
      expect(String(listening?.['msg'])).toContain('(every interface)');
      expect(await accepts('127.0.0.2', Number(listening?.['port']))).toBe(true);
    } finally {
      started.child.kill('SIGTERM');
      expect((await started.exited).code).toBe(0);
    }
  }, 120_000);

  it('answers /readyz 503 "starting" until the admin API listens, and a SIGTERM then shuts down cleanly', async () => {
    const [port, adminPort] = [await freePort(), await freePort()];
    const started = run(process.execPath, [
      bin,
      'start',
      '--port',
      String(port),
      '--admin-port',
      String(adminPort),
    ]);
    const answers: string[] = [];
    const deadline = Date.now() + 60_000;
    let readyBeforeAdmin = false;
    // Poll as fast as possible from the spawn until the process is ready.
    for (let ready = false; !ready;) {
      const answer = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        async (response) => `${response.status} ${((await response.json()) as { status: string }).status}`,
        () => 'refused',
      );
      answers.push(answer);
      ready = answer.startsWith('200');
      if (ready && !(await accepts('127.0.0.1', adminPort))) readyBeforeAdmin = true;
      if (answer === '503 starting' && !answers.slice(0, -1).includes('503 starting')) {
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        started.child.kill('SIGTERM');
        break;
      }
      if (started.child.exitCode !== null || Date.now() > deadline) break;
      if (answer === 'refused') await new Promise((wait) => setTimeout(wait, 5));
    }
    const exit = await started.exited;
    expect(readyBeforeAdmin).toBe(false);
    expect(answers).toContain('503 starting');
    expect(exit).toEqual({ code: 0, signal: null });
    // The signal lands during start-up or, on a fast host, just after it finished: both drain.
    expect(started.output()).toMatch(
      /shutting down as soon as start-up has finished|shutting down: draining/,
    );
    expect(await accepts('127.0.0.1', port)).toBe(false);
    expect(await accepts('127.0.0.1', adminPort)).toBe(false);
  }, 120_000);

  it('`npm start` builds only when needed, and a SIGTERM to npm stops Portico and frees its ports', async () => {
    const [port, adminPort] = [await freePort(), await freePort()];
    const started = run('npm', ['start', '--', '--port', String(port), '--admin-port', String(adminPort)], {
      cwd: resolve('.'),
    });
    await waitFor('the listening line', () => started.output().includes('Portico listening'), 120_000);
    const npmPid = started.child.pid ?? 0;
    const family = descendants(npmPid);
    expect(family.length).toBeGreaterThan(0);
    expect(await accepts('127.0.0.1', port)).toBe(true);
    started.child.kill('SIGTERM');
    await started.exited;
    await waitFor('the ports to be free', () => family.every((pid) => !alive(pid)), 30_000);
    expect(await accepts('127.0.0.1', port)).toBe(false);
    expect(await accepts('127.0.0.1', adminPort)).toBe(false);
    expect(started.output()).toContain('shutting down: draining in-flight requests');
    // A second start finds dist/ up to date and does not build again.
    const again = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(again.stderr).not.toContain('building Portico');
  }, 180_000);
});

describe('CLI failures', () => {
  it('prints one line and exits 1 when the admin API is down; the stack only with --debug', async () => {
    const port = await freePort();
    const args = ['tenants', 'list', '--url', `http://127.0.0.1:${port}`, '--token', 'pat-x'];
    const plain = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: baseEnv });
    expect(plain.status).toBe(1);
    expect(plain.stderr).toContain(
      `cannot reach the admin API at http://127.0.0.1:${port} (connection refused`,
    );
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = spawnSync(process.execPath, [bin, '--debug', ...args], { encoding: 'utf8', env: baseEnv });
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  }, 120_000);

  it('prints one line and exits 1 for `apply -f` of a missing file', () => {
    const result = spawnSync(process.execPath, [bin, 'apply', '-f', '/missing.yaml', '--token', 'pat-x'], {
      encoding: 'utf8',
      env: baseEnv,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(
      'Cannot read /missing.yaml: no such file or directory (ENOENT)',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('log lines', () => {
  it('writes admin and data-plane request lines in one shape, JSON when piped and readable with --log-format pretty', async () => {
    const started = run(process.execPath, [bin, 'start', '--port', '0', '--admin-port', '0']);
    try {
      await waitFor('the admin line', () => started.output().includes('Admin API at'));
      const lines = jsonLines(started.output());
      const dataPort = Number(lines.find((line) => line['address'] !== undefined)?.['port']);
      const adminUrl = /Admin API at (http:\/\/[\d.]+:\d+)/.exec(started.output())?.[1] ?? '';
      // The console's address is printed with the admin API's: the first thing a new user opens.
      expect(started.output()).toContain(
        `Web console at ${adminUrl}/ (developer portal at ${adminUrl}/portal)`,
      );
      await fetch(`http://127.0.0.1:${dataPort}/healthz`);
      const adminAnswer = await fetch(`${adminUrl}/healthz`);
      await fetch(`${adminUrl}/healthz`);
      await waitFor(
        'two admin lines',
        () => jsonLines(started.output()).filter((l) => l['msg'] === 'admin request').length === 2,
      );
      await waitFor('the data-plane line', () =>
        jsonLines(started.output()).some((l) => l['msg'] === 'request'),
      );
      const all = jsonLines(started.output());
      const data = all.find((line) => line['msg'] === 'request');
      const admin = all.filter((line) => line['msg'] === 'admin request');
      for (const line of [data, admin[0]]) {
        expect(line).toMatchObject({ method: 'GET', path: '/healthz', status: 200 });
        expect(String(line?.['requestId'])).toMatch(/^req_[0-9a-f]{24}$/);
        expect(typeof line?.['durationMs']).toBe('number');
      }
      expect(admin[0]?.['requestId']).not.toBe(admin[1]?.['requestId']);
      expect(adminAnswer.headers.get('x-request-id')).toBe(admin[0]?.['requestId']);
    } finally {
      started.child.kill('SIGTERM');
      await started.exited;
    }

    const pretty = run(process.execPath, [
      bin,
      'start',
      '--port',
      '0',
      '--admin-port',
      '0',
      '--log-format',
      'pretty',
    ]);
    try {
      await waitFor('the listening line', () => pretty.output().includes('Portico listening'));
      const port = /127\.0\.0\.1:(\d+) \(this machine only\)/.exec(pretty.output())?.[1] ?? '';
      await fetch(`http://127.0.0.1:${port}/healthz`);
      await waitFor('the request line', () =>
        / GET \/healthz 200 [\d.]+ms requestId=req_/.test(pretty.output()),
      );
      expect(pretty.output()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}starting Portico/m);
      expect(pretty.output()).not.toMatch(/^\{"level"/m);
    } finally {
      pretty.child.kill('SIGTERM');
      await pretty.exited;
    }
  }, 120_000);
});
