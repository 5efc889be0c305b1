import { hash, verify } from '@node-rs/argon2';

// argon2id is the library's default algorithm; these are the OWASP minimums for it.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** An argon2id PHC string for a password. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

let decoy: Promise<string> | undefined;

/**
 * Whether `password` matches the PHC string. With `stored` undefined (unknown user) a decoy hash
 * is verified instead, so an unknown user costs as long as a wrong password.
 */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  decoy ??= hashPassword('portico decoy password');
  const target = stored ?? (await decoy);
  const matches = await verify(target, password).catch(() => false);
  return stored !== undefined && matches;
}
