import { chmodSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BootstrappedAdmin } from '../control-plane/bootstrap-admin.js';
import { createPrivateDirectory } from '../storage/create-private-directory.js';
import type { Logger } from '../telemetry/create-logger.js';

/** The file, in the data directory, that holds a generated first password when stdout is not a terminal. */
export const initialPasswordFileName = 'initial-admin-password';

/** Where and how `announceBootstrapAdmin` may show a generated password. */
export interface AnnounceTarget {
  /** Whether stdout is a terminal (a person reads it) rather than a log pipeline. */
  terminal: boolean;
  /** Writes to the terminal. */
  write(text: string): void;
  /** The data directory (where master.key lives); the password file goes there when not a terminal. */
  dataDirectory: string;
}

/**
 * Tells the operator the first admin's password once, keeping it out of log pipelines: on a
 * terminal it is printed (not through the logger); otherwise it goes to a 0600 file in the data
 * directory and the log says only where. A PORTICO_ADMIN_PASSWORD password is never repeated.
 */
export function announceBootstrapAdmin(
  logger: Logger,
  admin: BootstrappedAdmin,
  target: AnnounceTarget,
): void {
  if (!admin.generated) {
    logger.info(
      `created the platform admin '${admin.username}' with the password from PORTICO_ADMIN_PASSWORD`,
    );
    return;
  }
  if (target.terminal) {
    target.write(
      `\nFirst start: created the platform admin '${admin.username}' with the one-time password\n\n    ${admin.password}\n\n` +
        'Sign in with it: the first thing to do is choose a new one (PUT /api/admin/me/password).\n\n',
    );
    return;
  }
  createPrivateDirectory(target.dataDirectory);
  const file = resolve(target.dataDirectory, initialPasswordFileName);
  writeFileSync(file, `${admin.password}\n`, { mode: 0o600 });
  // A file left by an earlier store keeps its mode on overwrite.
  chmodSync(file, 0o600);
  logger.warn(
    { file },
    `created the platform admin '${admin.username}'; its one-time password is in ${file} (readable by this user only). Sign in with it and choose a new one, then delete the file`,
  );
}
