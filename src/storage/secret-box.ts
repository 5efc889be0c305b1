import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const version = 'v1';

/**
 * Seals provider secrets at rest with AES-256-GCM under the master key. The sealed text is
 * `v1:<iv>:<tag>:<ciphertext>` (base64url parts), so a later key or cipher can be told apart.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    // A derived key, so the master key itself never meets data and other uses derive their own.
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'portico secrets v1', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
    return `${version}:${parts.join(':')}`;
  }

  /** Throws when the text was sealed under another master key or was altered. */
  open(sealed: string): string {
    const [tag, iv, auth, body] = sealed.split(':');
    if (tag !== version || iv === undefined || auth === undefined || body === undefined) {
      throw new Error('not a sealed secret');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(auth, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
