import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/control-plane/hash-password.js';
import { openStore } from '../../src/storage/open-store.js';
import { buildDist, buildTimeoutMs } from '../support/build-dist.js';

// The CLI is tested as users run it: the built `bin/portico.js` (built first when dist/ is stale).
beforeAll(buildDist, buildTimeoutMs);
const bin = resolve('bin/portico.js');
const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

/** A folder with a portico.yaml whose store and master key live in `./data`. */
function workspace(): { cwd: string; data: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'portico-recovery-'));
  writeFileSync(join(cwd, 'portico.yaml'), 'control_plane:\n  port: 0\n');
  return { cwd, data: join(cwd, 'data') };
}

describe('first start without a terminal', () => {
  it('creates the data folder 0700 and its files 0600, and writes the one-time password to a file, not the log', async () => {
    const { cwd, data } = workspace();
    const child = spawn(process.execPath, [bin, 'start', '--port', '0', '--host', '127.0.0.1'], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((done) => child.once('exit', done));
    const deadline = Date.now() + 15_000;
    while (!output.includes('Admin API at')) {
      if (Date.now() > deadline) throw new Error(`portico did not start:\n${output}`);
      await new Promise((wait) => setTimeout(wait, 50));
    }
    // While it runs: the -wal and -shm files are removed at a clean shutdown.
    expect(mode(data)).toBe('700');
    for (const file of [
      'portico.db',
      'portico.db-wal',
      'portico.db-shm',
      'master.key',
      'initial-admin-password',
    ]) {
      expect({ file, mode: mode(join(data, file)) }).toEqual({ file, mode: '600' });
    }
    child.kill('SIGTERM');
    await exited;
    const passwordFile = join(data, 'initial-admin-password');
    const password = readFileSync(passwordFile, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(output).not.toContain(password);
    expect(output).toContain(passwordFile);
    // Every stdout line is still JSON: log pipelines can parse it.
    for (const line of output.split('\n').filter((text) => text.trim() !== ''))
      expect(() => void JSON.parse(line)).not.toThrow();
  });
});

describe('portico admin reset-password', () => {
  it('resets a password on the store file while no server runs: one-time, or chosen from stdin; revokes credentials; audited', async () => {
    const { cwd, data } = workspace();
    const url = `sqlite:${join(data, 'portico.db')}`;
    const store = await openStore(url);
    const now = Date.now();
    await store.db
      .insertInto('users')
      .values({
        id: 'usr_one',
        username: 'admin',
        password_hash: 'not-a-hash',
        role: 'platform_admin',
        tenant_id: null,
        disabled: 0,
        must_change_password: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await store.db
      .insertInto('credentials')
      .values({
        id: 'pat_old',
        kind: 'token',
        user_id: 'usr_one',
        name: 'ci',
        prefix: 'pat-x',
        secret_hash: 'h',
        expires_at: null,
        revoked_at: null,
        last_used_at: null,
        created_at: now,
      })
      .execute();
    await store.close();

    const generated = spawnSync(process.execPath, [bin, 'admin', 'reset-password'], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '' },
      encoding: 'utf8',
    });
    expect(generated.status).toBe(0);
    const oneTime = /\n {4}(\S+)\n/.exec(generated.stdout)?.[1] ?? '';
    expect(oneTime.length).toBeGreaterThanOrEqual(20);

    const reopened = await openStore(url);
    try {
      let user = await reopened.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(await verifyPassword(user.password_hash, oneTime)).toBe(true);
      expect(user.must_change_password).toBe(1);
      const token = await reopened.db.selectFrom('credentials').selectAll().executeTakeFirstOrThrow();
      expect(token.revoked_at).not.toBeNull();

      const chosen = spawnSync(process.execPath, [bin, 'admin', 'reset-password', '--password-stdin'], {
        cwd,
        env: { PATH: process.env['PATH'] ?? '' },
        input: 'operator-chosen-9\n',
        encoding: 'utf8',
      });
      expect(chosen.status).toBe(0);
      expect(chosen.stdout).not.toContain('operator-chosen-9');
      user = await reopened.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(await verifyPassword(user.password_hash, 'operator-chosen-9')).toBe(true);
      expect(user.must_change_password).toBe(0);
      const audit = await reopened.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.password_reset')
        .execute();
      expect(audit.map((entry) => entry.actor)).toEqual(['cli', 'cli']);
      expect(JSON.stringify(audit)).not.toContain(oneTime);

      const unknown = spawnSync(process.execPath, [bin, 'admin', 'reset-password', '--user', 'nobody'], {
        cwd,
        env: { PATH: process.env['PATH'] ?? '' },
        encoding: 'utf8',
      });
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain("no user 'nobody'");
    } finally {
      await reopened.close();
    }
  });
});
