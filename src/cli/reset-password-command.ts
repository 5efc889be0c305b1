import type { Readable, Writable } from 'node:stream';
import { findConfigFile } from '../config/find-config-file.js';
import { loadConfig } from '../config/load-config.js';
import { hashPassword } from '../control-plane/hash-password.js';
import { newOneTimePassword } from '../control-plane/new-one-time-password.js';
import { credentialRepository } from '../storage/repositories/credential-repository.js';
import { writeAudit } from '../control-plane/write-audit.js';
import { openStore } from '../storage/open-store.js';

/** Options of `portico admin reset-password`. */
export interface ResetPasswordOptions {
  /** YAML config file, for `storage.url` (DATABASE_URL wins). */
  config?: string;
  /** The user whose password is reset. Default `admin`. */
  user?: string;
  /** Read the new password from stdin (chosen, need not change) instead of generating a one-time one. */
  passwordStdin?: boolean;
}

/** What the command reads and writes; the process's own streams outside tests. */
export interface ResetPasswordIo {
  stdin: Readable;
  stdout: Writable;
}

/**
 * `portico admin reset-password`: sets a user's password directly in the store (the server need
 * not run, nor be reachable), revokes every session and admin token of theirs and audits it as
 * `cli`. Without `--password-stdin` it prints a generated one-time password that must be changed
 * at the first sign-in. The recovery path when nobody can sign in (docs/operations.md).
 */
export async function resetPasswordCommand(
  options: ResetPasswordOptions,
  io: ResetPasswordIo,
): Promise<void> {
  const username = options.user ?? 'admin';
  const chosen = options.passwordStdin === true ? await readPassword(io.stdin) : undefined;
  const file = findConfigFile(options.config);
  const config = loadConfig(file === undefined ? {} : { file });
  const store = await openStore(config.storage.url);
  try {
    const user = await store.db
      .selectFrom('users')
      .select(['id', 'tenant_id', 'disabled'])
      .where('username', '=', username)
      .executeTakeFirst();
    if (user === undefined) throw new Error(`no user '${username}' in ${store.location}`);
    const password = chosen ?? newOneTimePassword();
    const passwordHash = await hashPassword(password);
    const now = Date.now();
    await store.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({
          password_hash: passwordHash,
          must_change_password: chosen === undefined ? 1 : 0,
          updated_at: now,
        })
        .where('id', '=', user.id)
        .execute();
      await credentialRepository.revokeAllOfUser(trx, user.id, now);
      await writeAudit(trx, {
        actor: 'cli',
        action: 'user.password_reset',
        targetType: 'user',
        targetId: user.id,
        tenantId: user.tenant_id,
        before: null,
        after: { username, password: 'reset', must_change_password: chosen === undefined },
      });
    });
    const revoked = `every session and admin token of '${username}' was revoked`;
    io.stdout.write(
      chosen === undefined
        ? `New one-time password for '${username}':\n\n    ${password}\n\nSign in with it and choose a new one; ${revoked}.\n`
        : `Password of '${username}' set; ${revoked}.\n`,
    );
    if (user.disabled === 1)
      io.stdout.write(`Note: '${username}' is disabled; a platform admin must enable it.\n`);
  } finally {
    await store.close();
  }
}

/** The password piped in, without its trailing newline; 8 to 1024 characters like the admin API's. */
async function readPassword(stdin: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password.length < 8 || password.length > 1024) {
    throw new Error('the password read from stdin must be 8 to 1024 characters');
  }
  return password;
}
