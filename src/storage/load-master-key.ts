import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { createPrivateDirectory } from './create-private-directory.js';

/**
 * The master key that seals provider secrets and keys the hashing of bearer secrets: from the
 * environment (`PORTICO_MASTER_KEY`, 32 bytes as base64 or 64 hex chars) or from a key file,
 * created with 0600 permissions on first start. Losing it makes stored secrets unreadable and
 * every API key invalid, so back it up with the database.
 */
export function loadMasterKey(fromEnv: string | undefined, keyFile: string): { key: Buffer; source: string } {
  if (fromEnv !== undefined && fromEnv !== '') {
    const key = /^[0-9a-f]{64}$/i.test(fromEnv)
      ? Buffer.from(fromEnv, 'hex')
      : Buffer.from(fromEnv, 'base64');
    if (key.length !== 32)
      throw new Error('PORTICO_MASTER_KEY must be 32 bytes, as base64 or 64 hex characters');
    return { key, source: 'PORTICO_MASTER_KEY' };
  }
  if (existsSync(keyFile)) {
    const mode = statSync(keyFile).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new Error(
        `${keyFile} is readable by others (mode ${mode.toString(8)}); run chmod 600 ${keyFile}`,
      );
    }
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${keyFile} does not hold a 32-byte base64 key`);
    return { key, source: keyFile };
  }
  createPrivateDirectory(dirname(keyFile));
  const key = randomBytes(32);
  writeFileSync(keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, source: `${keyFile} (created)` };
}
