import { generateKeyPairSync, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GoogleAccessToken, parseServiceAccountKey } from '../../../src/upstream/google-access-token.js';
import { catchGatewayRejection } from '../../support/catch-gateway-error.js';

/** A throwaway key pair: the token endpoint below verifies signatures with the public half. */
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' });

interface Exchange {
  form: URLSearchParams;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signatureValid: boolean;
}

type Answer = (exchange: Exchange) => { status: number; body: unknown; delayMs?: number };

/** A loopback OAuth token endpoint that records and checks every JWT-bearer exchange. */
class FakeTokenEndpoint {
  readonly exchanges: Exchange[] = [];
  answer: Answer = () => ({
    status: 200,
    body: { access_token: 'token-1', expires_in: 3600, token_type: 'Bearer' },
  });
  private readonly server: Server = createServer((request, response) => void this.handle(request, response));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/token`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of request) text += (chunk as Buffer).toString('utf8');
    const form = new URLSearchParams(text);
    const [header = '', claims = '', signature = ''] = (form.get('assertion') ?? '').split('.');
    const exchange: Exchange = {
      form,
      header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
      claims: JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>,
      signatureValid: verify(
        'sha256',
        Buffer.from(`${header}.${claims}`),
        publicKey,
        Buffer.from(signature, 'base64url'),
      ),
    };
    this.exchanges.push(exchange);
    const { status, body, delayMs } = this.answer(exchange);
    if (delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, delayMs));
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

const endpoint = new FakeTokenEndpoint();
let tokenUri = '';
beforeAll(async () => {
  tokenUri = await endpoint.start();
});
afterAll(() => endpoint.stop());
beforeEach(() => {
  endpoint.exchanges.length = 0;
  endpoint.answer = () => ({
    status: 200,
    body: { access_token: 'token-1', expires_in: 3600, token_type: 'Bearer' },
  });
});

function keyJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'service_account',
    private_key_id: 'kid-123',
    private_key: privatePem,
    client_email: 'gateway@project.iam.gserviceaccount.com',
    token_uri: tokenUri,
    ...overrides,
  });
}

const signal = (): AbortSignal => new AbortController().signal;

describe('GoogleAccessToken', () => {
  it('exchanges an RS256 JWT signed with the key for a bearer header', async () => {
    const now = 1_750_000_000_000;
    const source = new GoogleAccessToken(keyJson(), undefined, () => now);
    expect(await source.headers(signal())).toEqual({ authorization: 'Bearer token-1' });
    const [exchange] = endpoint.exchanges;
    expect(exchange?.form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(exchange?.signatureValid).toBe(true);
    expect(exchange?.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'kid-123' });
    expect(exchange?.claims).toEqual({
      iss: 'gateway@project.iam.gserviceaccount.com',
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      aud: tokenUri,
      iat: now / 1000,
      exp: now / 1000 + 3600,
    });
  });

  it('rejects a JWT signed with another key (the check above can fail)', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const json = keyJson({ private_key: other.export({ type: 'pkcs8', format: 'pem' }) });
    await new GoogleAccessToken(json).headers(signal());
    expect(endpoint.exchanges[0]?.signatureValid).toBe(false);
  });

  it('reuses the token until five minutes before it expires, then exchanges again', async () => {
    let now = 0;
    let issued = 0;
    endpoint.answer = () => ({ status: 200, body: { access_token: `token-${++issued}`, expires_in: 3600 } });
    const source = new GoogleAccessToken(keyJson(), undefined, () => now);
    expect(await source.accessToken(signal())).toBe('token-1');
    now = 3_300_000 - 1;
    expect(await source.accessToken(signal())).toBe('token-1');
    expect(endpoint.exchanges).toHaveLength(1);
    now = 3_300_000;
    expect(await source.accessToken(signal())).toBe('token-2');
    expect(endpoint.exchanges).toHaveLength(2);
  });

  it('lets concurrent callers share one exchange', async () => {
    endpoint.answer = () => ({
      status: 200,
      body: { access_token: 'shared', expires_in: 3600 },
      delayMs: 50,
    });
    const source = new GoogleAccessToken(keyJson());
    const tokens = await Promise.all(Array.from({ length: 5 }, () => source.accessToken(signal())));
    expect(tokens).toEqual(['shared', 'shared', 'shared', 'shared', 'shared']);
    expect(endpoint.exchanges).toHaveLength(1);
  });

  it('stops waiting for an aborted caller while the others still get the token', async () => {
    endpoint.answer = () => ({ status: 200, body: { access_token: 'late', expires_in: 3600 }, delayMs: 50 });
    const source = new GoogleAccessToken(keyJson());
    const controller = new AbortController();
    const abandoned = source.accessToken(controller.signal);
    const patient = source.accessToken(signal());
    controller.abort();
    expect((await catchGatewayRejection(abandoned)).code).toBe('upstream_unavailable');
    expect(await patient).toBe('late');
    expect(endpoint.exchanges).toHaveLength(1);
  });

  it("maps a refused key to upstream_auth_failed with the endpoint's message, and retries next time", async () => {
    endpoint.answer = () => ({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
    });
    const source = new GoogleAccessToken(keyJson());
    const error = await catchGatewayRejection(source.headers(signal()));
    expect(error.code).toBe('upstream_auth_failed');
    expect(error.message).toContain('(400): invalid_grant: Invalid JWT Signature.');
    endpoint.answer = () => ({ status: 200, body: { access_token: 'recovered', expires_in: 3600 } });
    expect(await source.accessToken(signal())).toBe('recovered');
  });

  it('treats 5xx and 429 from the token endpoint as unavailability, so fallback can try another target', async () => {
    endpoint.answer = () => ({ status: 503, body: 'Service Unavailable' });
    const error = await catchGatewayRejection(new GoogleAccessToken(keyJson()).headers(signal()));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toContain('(503): Service Unavailable');
  });

  it('refuses an answer without an access_token', async () => {
    endpoint.answer = () => ({ status: 200, body: { token_type: 'Bearer' } });
    const error = await catchGatewayRejection(new GoogleAccessToken(keyJson()).headers(signal()));
    expect(error.code).toBe('upstream_auth_failed');
  });

  it('reports an unreachable token endpoint as upstream_unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const source = new GoogleAccessToken(keyJson({ token_uri: `http://127.0.0.1:${port}/token` }));
    const error = await catchGatewayRejection(source.headers(signal()));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('refuses keys it cannot use when constructed', () => {
    expect(() => new GoogleAccessToken('{')).toThrow('service_account_json is not valid JSON');
    expect(() => new GoogleAccessToken(keyJson({ client_email: '' }))).toThrow(
      'service_account_json has no client_email',
    );
    expect(() => new GoogleAccessToken(keyJson({ private_key: 'not a key' }))).toThrow(
      'service_account_json has a private_key that is not a PEM private key',
    );
  });
});

describe('parseServiceAccountKey', () => {
  it('reads the fields the exchange needs; private_key_id is optional', () => {
    const key = parseServiceAccountKey(keyJson({ private_key_id: undefined }));
    expect(key).toMatchObject({ clientEmail: 'gateway@project.iam.gserviceaccount.com', tokenUri });
    expect(key).not.toHaveProperty('privateKeyId');
    expect(key.privateKey.asymmetricKeyType).toBe('rsa');
  });

  it('names the first missing field', () => {
    expect(() => parseServiceAccountKey('[]')).toThrow('is not a JSON object');
    expect(() => parseServiceAccountKey(keyJson({ token_uri: undefined }))).toThrow('has no token_uri');
  });
});
