import { readFileSync } from 'node:fs';

const directory = new URL('../fixtures/tls/', import.meta.url);

/**
 * A self-signed certificate for `localhost` and 127.0.0.1 (valid until 2126), test use only:
 * its key is public. Regenerate with `openssl req -x509 -newkey ec ...` (see the fixture folder).
 */
export const testCertificate = {
  key: readFileSync(new URL('self-signed-key.pem', directory), 'utf8'),
  cert: readFileSync(new URL('self-signed-cert.pem', directory), 'utf8'),
};
