import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Hashes bearer secrets (API keys, admin tokens, session ids) with HMAC-SHA256 under a key
 * derived from the master key: one hash per request (microseconds, unlike argon2), and a
 * leaked table is useless without the master key.
 */
export class KeyHasher {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'portico key hashing v1', 32));
  }

  hash(secret: string): string {
    return createHmac('sha256', this.key).update(secret).digest('base64url');
  }
}

/**
 * A new secret `<kind>-<40 base62 chars>` (~238 bits) and its visible prefix (kind plus the
 * first 8 random characters), e.g. `pk-7fQ2aZ1x`. Kinds: `pk` API key, `pat` admin token,
 * `ps` session.
 */
export function newSecret(kind: 'pk' | 'pat' | 'ps'): { secret: string; prefix: string } {
  const bytes = randomBytes(40);
  let body = '';
  // 256 is a multiple of 62 plus 8, so the modulo bias is below 1/32 per character: acceptable
  // for a 238-bit secret.
  for (const byte of bytes) body += alphabet[byte % alphabet.length];
  const secret = `${kind}-${body}`;
  return { secret, prefix: secret.slice(0, kind.length + 9) };
}

/** A new entity id: a short type prefix and 16 random base62 characters (`ten_…`, `app_…`). */
export function newEntityId(prefix: string): string {
  const bytes = randomBytes(16);
  let body = '';
  for (const byte of bytes) body += alphabet[byte % alphabet.length];
  return `${prefix}_${body}`;
}
