import { createServer } from 'node:net';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createJwtVerifier, type JwtSpec } from '../../../../src/rest/consumer/jwt-verifier.js';
import { JwtSpecError } from '../../../../src/config/jwt-spec-error.js';
import { catchGatewayRejection } from '../../../support/catch-gateway-error.js';
import { startJwksServer, type JwksTestServer } from '../../../support/jwks-test-server.js';

interface TestKey {
  privateKey: CryptoKey;
  jwk: JWK;
  kid: string;
}

async function newKey(kid: string, alg = 'RS256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg }, kid };
}

const issuer = 'https://idp.example';
const audience = 'orders-api';
const now = () => Math.floor(Date.now() / 1000);

function sign(
  key: TestKey,
  claims: JWTPayload = {},
  header: { kid?: string; alg?: string } = {},
): Promise<string> {
  return new SignJWT({ sub: 'user-1', azp: 'app_1', exp: now() + 300, ...claims })
    .setProtectedHeader({ alg: header.alg ?? 'RS256', kid: header.kid ?? key.kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .sign(key.privateKey);
}

let keyA: TestKey;
let keyB: TestKey;
let jwks: JwksTestServer;

beforeAll(async () => {
  [keyA, keyB] = await Promise.all([newKey('a'), newKey('b')]);
  jwks = await startJwksServer([keyA.jwk]);
});
afterAll(() => jwks.close());
afterEach(() => {
  vi.useRealTimers();
});

const remoteSpec = (extra: Partial<JwtSpec> = {}): JwtSpec => ({
  jwks_url: jwks.url,
  issuer,
  audience,
  ...extra,
});

async function refusal(
  spec: JwtSpec,
  token: string,
): Promise<{ status: number; code: string; message: string }> {
  const error = await catchGatewayRejection(createJwtVerifier(spec).verify(token));
  return { status: error.status, code: error.code, message: error.message };
}

describe('JWT verification against a JWKS URL', () => {
  it('accepts a valid token and reads subject, issuer and the app claim (azp by default)', async () => {
    const consumer = await createJwtVerifier(remoteSpec()).verify(await sign(keyA));
    expect(consumer).toEqual({ subject: 'user-1', issuer, app: 'app_1' });
  });

  it('reads the configured tenant and app claims, nested or namespaced', async () => {
    const verifier = createJwtVerifier(
      remoteSpec({ claims: { tenant: 'org.id', app: 'https://portico.dev/app' } }),
    );
    const token = await sign(keyA, { org: { id: 'acme' }, 'https://portico.dev/app': 'billing' });
    expect(await verifier.verify(token)).toMatchObject({ tenant: 'acme', app: 'billing' });
  });

  it('refuses an expired token, beyond the clock skew only', async () => {
    const expired = await sign(keyA, { exp: now() - 60 });
    expect(await refusal(remoteSpec(), expired)).toMatchObject({
      status: 401,
      code: 'invalid_token',
      message: 'The token has expired.',
    });
    const barely = await sign(keyA, { exp: now() - 10 });
    await expect(createJwtVerifier(remoteSpec()).verify(barely)).resolves.toMatchObject({
      subject: 'user-1',
    });
    expect(await refusal(remoteSpec({ clock_skew_s: 0 }), barely)).toMatchObject({
      message: 'The token has expired.',
    });
  });

  it('refuses a token that is not yet valid', async () => {
    const early = await sign(keyA, { nbf: now() + 120 });
    expect((await refusal(remoteSpec(), early)).message).toBe('The token is not yet valid (nbf).');
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'RS256', kid: 'a' })
      .setIssuer(issuer)
      .setAudience(audience)
      .sign(keyA.privateKey);
    expect((await refusal(remoteSpec(), token)).message).toBe(
      "The token has no 'exp' claim, which this service requires.",
    );
  });

  it('refuses a wrong audience and a wrong issuer', async () => {
    const token = await sign(keyA);
    expect((await refusal(remoteSpec({ audience: 'other-api' }), token)).message).toBe(
      'The token is meant for another audience than this service.',
    );
    expect((await refusal(remoteSpec({ issuer: 'https://other.example' }), token)).message).toBe(
      'The token was issued by another issuer than this service trusts.',
    );
  });

  it('refuses a token signed by another key: unknown kid, or a known kid with a forged signature', async () => {
    const unknownKid = await sign(keyB);
    expect(await refusal(remoteSpec(), unknownKid)).toMatchObject({
      status: 401,
      message: "The token is signed by an unknown key (kid 'b').",
    });
    const forged = await sign(keyB, {}, { kid: 'a' });
    expect((await refusal(remoteSpec(), forged)).message).toBe(
      'The token signature does not verify against the key it names.',
    );
  });

  it("refuses alg 'none' and never echoes the token", async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'x', aud: audience, iss: issuer, exp: now() + 60 }),
    ).toString('base64url');
    const token = `${header}.${payload}.`;
    const result = await refusal(remoteSpec(), token);
    expect(result).toMatchObject({
      status: 401,
      code: 'invalid_token',
      message: "The token's algorithm 'none' is not accepted by this service.",
    });
    expect(result.message).not.toContain(payload);
    expect((await refusal(remoteSpec(), 'not-a-token')).message).toBe('The token is malformed.');
  });

  it('refuses an algorithm the service does not list', async () => {
    const token = await sign(keyA);
    expect((await refusal(remoteSpec({ algorithms: ['ES256'] }), token)).message).toBe(
      "The token's algorithm 'RS256' is not accepted by this service.",
    );
  });

  it('fetches a rotated key set for a new kid, but not before the cooldown', async () => {
    const rotating = await startJwksServer([keyA.jwk]);
    try {
      const verifier = createJwtVerifier({ jwks_url: rotating.url, issuer, audience });
      await verifier.verify(await sign(keyA));
      expect(rotating.fetches()).toBe(1);
      rotating.setKeys([keyA.jwk, keyB.jwk]);
      const rotated = await sign(keyB);
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      const early = await catchGatewayRejection(verifier.verify(rotated));
      expect(early.message).toBe("The token is signed by an unknown key (kid 'b').");
      expect(rotating.fetches()).toBe(1);
      vi.setSystemTime(Date.now() + 31_000);
      await expect(verifier.verify(rotated)).resolves.toMatchObject({ subject: 'user-1' });
      expect(rotating.fetches()).toBe(2);
    } finally {
      await rotating.close();
    }
  });

  it('answers 503 jwks_unavailable quickly when the JWKS server is down', async () => {
    const port = await closedPort();
    const spec = { jwks_url: `http://127.0.0.1:${port}/jwks.json`, issuer, audience };
    const started = Date.now();
    const error = await catchGatewayRejection(createJwtVerifier(spec).verify(await sign(keyA)));
    expect({ status: error.status, code: error.code }).toEqual({ status: 503, code: 'jwks_unavailable' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up on a hung JWKS server within the fetch timeout, then fails fast', async () => {
    const hung = await startJwksServer([], 'hang');
    try {
      const verifier = createJwtVerifier({ jwks_url: hung.url, issuer, audience });
      const token = await sign(keyA);
      const started = Date.now();
      expect((await catchGatewayRejection(verifier.verify(token))).code).toBe('jwks_unavailable');
      expect(Date.now() - started).toBeLessThan(4_500);
      const again = Date.now();
      expect((await catchGatewayRejection(verifier.verify(token))).code).toBe('jwks_unavailable');
      expect(Date.now() - again).toBeLessThan(500);
      expect(hung.fetches()).toBe(1);
    } finally {
      await hung.close();
    }
  });
});

describe('JWT verification against static keys', () => {
  it('accepts tokens signed by any listed key: PEM SPKI, JWK, or a key set, without kid', async () => {
    const ec = await generateKeyPair('ES256', { extractable: true });
    const pem = await exportSPKI(ec.publicKey);
    const verifier = createJwtVerifier({
      keys: [pem, JSON.stringify({ keys: [{ ...keyA.jwk, kid: undefined }] }), JSON.stringify(keyB.jwk)],
      audience,
    });
    const ecToken = await new SignJWT({ sub: 'ec', azp: 'app_1' })
      .setProtectedHeader({ alg: 'ES256' })
      .setAudience(audience)
      .setExpirationTime('5m')
      .sign(ec.privateKey);
    await expect(verifier.verify(ecToken)).resolves.toMatchObject({ subject: 'ec' });
    await expect(verifier.verify(await sign(keyA, {}, { kid: 'none-listed' }))).rejects.toThrow(
      /unknown key/,
    );
    await expect(verifier.verify(await sign(keyB))).resolves.toMatchObject({ subject: 'user-1' });
  });

  it('tries every key without kid until one verifies', async () => {
    const strip = (jwk: JWK): string => JSON.stringify({ kty: jwk.kty, n: jwk.n, e: jwk.e });
    const verifier = createJwtVerifier({
      keys: [strip(keyA.jwk), strip(keyB.jwk)],
    });
    const token = await new SignJWT({ sub: 'second' })
      .setProtectedHeader({ alg: 'RS256' })
      .setExpirationTime('5m')
      .sign(keyB.privateKey);
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'second' });
  });

  it('refuses HS256 unless the service lists it with a secret', async () => {
    const secret = new Uint8Array(32).fill(7);
    const token = await new SignJWT({ sub: 'h' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(secret);
    expect((await refusal({ keys: [JSON.stringify(keyA.jwk)] }, token)).message).toBe(
      "The token's algorithm 'HS256' is not accepted by this service.",
    );
    const oct = JSON.stringify({ kty: 'oct', k: Buffer.from(secret).toString('base64url') });
    expect(() => createJwtVerifier({ keys: [oct] })).toThrow(JwtSpecError);
    const hmac = createJwtVerifier({ keys: [oct], algorithms: ['HS256'] });
    await expect(hmac.verify(token)).resolves.toMatchObject({ subject: 'h' });
    // An HMAC-listed service still refuses a token "signed" with its RSA public key as secret.
    const confused = await new SignJWT({ sub: 'c' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(keyA.jwk).padEnd(32)));
    const mixed = createJwtVerifier({
      keys: [oct, JSON.stringify(keyA.jwk)],
      algorithms: ['HS256', 'RS256'],
    });
    await expect(mixed.verify(confused)).rejects.toThrow(/signature does not verify/);
  });

  it('refuses settings that cannot work, saying which', () => {
    expect(() => createJwtVerifier({})).toThrow('auth.jwt needs a jwks_url or at least one entry in keys.');
    expect(() => createJwtVerifier({ keys: ['x'], algorithms: ['none'] })).toThrow(/may not list 'none'/);
    expect(() => createJwtVerifier({ keys: [JSON.stringify(keyA.jwk)], algorithms: ['RS257'] })).toThrow(
      /lists 'RS257'/,
    );
    expect(() =>
      createJwtVerifier({ keys: ['-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'] }),
    ).toThrow(/is a private key/);
    expect(() => createJwtVerifier({ keys: ['{"kty":"oct","k":"c2hvcnQ"}'], algorithms: ['HS256'] })).toThrow(
      /at least 32 bytes/,
    );
    expect(() => createJwtVerifier({ keys: ['not a key'] })).toThrow(/neither a PEM public key nor JWK JSON/);
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
