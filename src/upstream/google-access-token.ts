import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import { GatewayError } from '../core/gateway-error.js';
import type { AbortWatch } from '../core/client-signal.js';
import { isJsonObject, optionalNumber, optionalString } from '../core/json-guards.js';
import type { CredentialSource } from './credential-source.js';

/** The fields of a Google service-account key file that the token exchange needs. */
export interface ServiceAccountKey {
  clientEmail: string;
  /** The RSA private key the JWT is signed with. */
  privateKey: KeyObject;
  /** Sent as the JWT `kid`; absent in hand-made keys. */
  privateKeyId?: string;
  /** OAuth token endpoint, normally `https://oauth2.googleapis.com/token`. */
  tokenUri: string;
}

/** The scope Vertex AI calls need. https://cloud.google.com/vertex-ai/docs/authentication */
const cloudPlatformScope = 'https://www.googleapis.com/auth/cloud-platform';
const assertionLifetimeSeconds = 3600;
/** A token is replaced this long before it expires, so no call carries one that dies in flight. */
const refreshMarginMs = 5 * 60_000;
const exchangeTimeoutMs = 30_000;
const messageLimit = 300;

/**
 * Parses service-account key JSON text (the file from `gcloud iam service-accounts keys create`).
 * Throws an Error whose message completes "service_account_json ..." (e.g. `has no client_email`).
 * https://cloud.google.com/iam/docs/keys-create-delete
 */
export function parseServiceAccountKey(json: string): ServiceAccountKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('is not valid JSON');
  }
  if (!isJsonObject(parsed)) throw new Error('is not a JSON object');
  const field = (name: string): string => {
    const value = optionalString(parsed[name]);
    if (value === undefined || value === '') throw new Error(`has no ${name}`);
    return value;
  };
  const key: ServiceAccountKey = {
    clientEmail: field('client_email'),
    privateKey: toPrivateKey(field('private_key')),
    tokenUri: field('token_uri'),
  };
  const privateKeyId = optionalString(parsed['private_key_id']);
  if (privateKeyId !== undefined && privateKeyId !== '') key.privateKeyId = privateKeyId;
  return key;
}

function toPrivateKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    throw new Error('has a private_key that is not a PEM private key');
  }
}

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is refreshed instead of used. */
  refreshAt: number;
}

/**
 * OAuth access tokens for a Google service account, by the JWT-bearer grant (RFC 7523): a JWT
 * signed with the key's RS256 private key is exchanged at the key's `token_uri`. The token is
 * cached and refreshed five minutes before it expires; concurrent callers share one exchange.
 * https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 */
export class GoogleAccessToken implements CredentialSource {
  private readonly key: ServiceAccountKey;
  private cached: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;

  /**
   * @param serviceAccountJson The key file's JSON text; throws when it lacks a needed field.
   * @param dispatcher undici dispatcher for the token endpoint; undici's global one when absent.
   * @param now Clock in epoch ms, replaceable in tests.
   */
  constructor(
    serviceAccountJson: string,
    private readonly dispatcher?: Dispatcher,
    private readonly now: () => number = Date.now,
  ) {
    try {
      this.key = parseServiceAccountKey(serviceAccountJson);
    } catch (error) {
      throw new Error(`service_account_json ${(error as Error).message}`);
    }
  }

  /** `authorization: Bearer <token>`, exchanging a new token when none is fresh. */
  async headers(signal: AbortWatch): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.accessToken(signal)}` };
  }

  /** A fresh access token. A caller that aborts stops waiting; the shared exchange goes on. */
  async accessToken(signal: AbortWatch): Promise<string> {
    const cached = this.cached;
    if (cached !== undefined && this.now() < cached.refreshAt) return cached.token;
    if (this.pending === undefined) {
      const pending = this.exchange().finally(() => {
        this.pending = undefined;
      });
      // Every caller may have aborted; the failure is theirs to see, not an unhandled rejection.
      void pending.catch(() => undefined);
      this.pending = pending;
    }
    return (await untilAborted(this.pending, signal)).token;
  }

  private async exchange(): Promise<CachedToken> {
    const startedAt = this.now();
    const form = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: this.signedAssertion(Math.floor(startedAt / 1000)),
    });
    let status: number;
    let text: string;
    try {
      const response = await request(this.key.tokenUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(exchangeTimeoutMs),
        ...(this.dispatcher === undefined ? {} : { dispatcher: this.dispatcher }),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw unreachable(error);
    }
    if (status >= 400) throw refused(status, text);
    const { token, lifetimeMs } = readTokenResponse(text);
    // Half the lifetime at most, or a token shorter-lived than ten minutes would never be reused.
    this.cached = { token, refreshAt: startedAt + lifetimeMs - Math.min(refreshMarginMs, lifetimeMs / 2) };
    return this.cached;
  }

  /** The JWT: header and claims as Google documents them, RS256 over `header.claims`. */
  private signedAssertion(issuedAt: number): string {
    const header = {
      alg: 'RS256',
      typ: 'JWT',
      ...(this.key.privateKeyId === undefined ? {} : { kid: this.key.privateKeyId }),
    };
    const claims = {
      iss: this.key.clientEmail,
      scope: cloudPlatformScope,
      aud: this.key.tokenUri,
      iat: issuedAt,
      exp: issuedAt + assertionLifetimeSeconds,
    };
    const input = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}`;
    return `${input}.${sign('sha256', Buffer.from(input), this.key.privateKey).toString('base64url')}`;
  }
}

function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function untilAborted<T>(promise: Promise<T>, signal: AbortWatch): Promise<T> {
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function aborted(): GatewayError {
  return new GatewayError(
    'upstream_unavailable',
    'The call was aborted while waiting for a Google access token.',
  );
}

/** `{ access_token, expires_in }`; Google's tokens live 3600 s, assumed when `expires_in` is missing. */
function readTokenResponse(text: string): { token: string; lifetimeMs: number } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const token = isJsonObject(body) ? optionalString(body['access_token']) : undefined;
  if (!isJsonObject(body) || token === undefined || token === '') {
    throw new GatewayError(
      'upstream_auth_failed',
      'The Google token endpoint answered without an access_token.',
    );
  }
  const expiresIn = optionalNumber(body['expires_in']) ?? assertionLifetimeSeconds;
  return { token, lifetimeMs: Math.max(0, expiresIn) * 1000 };
}

/**
 * A refused exchange: 4xx means the key itself is wrong (revoked, bad signature, clock skew) and
 * is `upstream_auth_failed`; 429 and 5xx are the endpoint's trouble, so another target may work.
 * Google answers `{ error, error_description }`. https://datatracker.ietf.org/doc/html/rfc6749#section-5.2
 */
function refused(status: number, text: string): GatewayError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const code = isJsonObject(body) ? optionalString(body['error']) : undefined;
  const description = isJsonObject(body) ? optionalString(body['error_description']) : undefined;
  const detail = [code, description].filter((part) => part !== undefined && part !== '').join(': ');
  const message = (detail === '' ? text.trim() : detail).slice(0, messageLimit) || 'no message';
  const transient = status === 429 || status >= 500;
  return new GatewayError(
    transient ? 'upstream_unavailable' : 'upstream_auth_failed',
    `The Google token endpoint refused the service-account key (${status}): ${message}`,
  );
}

function unreachable(error: unknown): GatewayError {
  const code = (error as { code?: unknown; name?: unknown }).code;
  const timedOut = (error as { name?: unknown }).name === 'TimeoutError';
  const reason = timedOut ? 'timed out' : typeof code === 'string' ? code : 'connection failed';
  return new GatewayError(
    timedOut ? 'upstream_timeout' : 'upstream_unavailable',
    `The Google token endpoint could not be reached (${reason}).`,
    { cause: error },
  );
}
