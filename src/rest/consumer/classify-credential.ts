import type { IncomingHttpHeaders } from 'node:http';
import type { HttpAuthSpec } from '../../config/http-service-schema.js';
import { GatewayError } from '../../core/gateway-error.js';

/** The credential a REST consumer presented, as the service's auth modes accept it. */
export type PresentedCredential =
  | {
      /** A Portico API key or a JWT. */
      kind: 'key' | 'jwt';
      /** The key or token itself; never logged. */
      value: string;
      /** Lower-case names of the request headers that carried a consumer credential: removed before the upstream unless `auth.forward_credential`. */
      headers: readonly string[];
    }
  | {
      /** No credential the service takes: the call is anonymous (only when the modes allow it). */
      kind: 'anonymous';
      headers: readonly [];
    };

/** Three base64url segments; the signature may be empty only in unsigned tokens, which verification refuses anyway. */
const jwtShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Whether a bearer value is a JWT rather than an API key. Portico's own keys are `pk-` and base62
 * (no dots); a JWT is three dot-separated base64url segments whose first decodes to a JSON header
 * naming an `alg`. Keys set by `apply` may be any string, so the shape alone is not trusted.
 */
export function looksLikeJwt(value: string): boolean {
  if (!jwtShape.test(value)) return false;
  const header = value.slice(0, value.indexOf('.'));
  try {
    const decoded = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown;
    return typeof decoded === 'object' && decoded !== null && 'alg' in decoded;
  } catch {
    return false;
  }
}

/**
 * Says which credential a request to a REST service carries, and which headers held it.
 * `Authorization: Bearer` is read first (a key or a JWT, told apart by `looksLikeJwt`), then
 * `x-api-key` (a key only). Query-string keys are not read: URLs end up in logs.
 * A credential of a kind the service does not take makes the call anonymous when the modes
 * allow it (the header then goes to the upstream, which may authenticate it itself); otherwise
 * it is refused with 401. See docs/rest-services.md, "Consumers".
 */
export function classifyCredential(
  headers: IncomingHttpHeaders,
  modes: HttpAuthSpec['modes'],
): PresentedCredential {
  const found = presented(headers);
  const accepted = found !== undefined && modes.includes(found.kind);
  if (found !== undefined && accepted) return found;
  if (modes.includes('anonymous')) return { kind: 'anonymous', headers: [] };
  throw refusal(found?.kind, modes);
}

function presented(
  headers: IncomingHttpHeaders,
): Extract<PresentedCredential, { kind: 'key' | 'jwt' }> | undefined {
  const authorization = headers.authorization;
  const bearer =
    typeof authorization === 'string' && /^bearer\s+/i.test(authorization)
      ? authorization.replace(/^bearer\s+/i, '').trim()
      : '';
  const apiKey = headers['x-api-key'];
  const keyHeader = typeof apiKey === 'string' ? apiKey.trim() : '';
  // Both credential headers are dropped when either is used, so a second credential never leaks upstream.
  const carrying = [...(bearer !== '' ? ['authorization'] : []), ...(keyHeader !== '' ? ['x-api-key'] : [])];
  if (bearer !== '') return { kind: looksLikeJwt(bearer) ? 'jwt' : 'key', value: bearer, headers: carrying };
  if (keyHeader !== '') return { kind: 'key', value: keyHeader, headers: carrying };
  return undefined;
}

function refusal(kind: 'key' | 'jwt' | undefined, modes: HttpAuthSpec['modes']): GatewayError {
  const takesKey = modes.includes('key');
  const takesJwt = modes.includes('jwt');
  if (kind === undefined) {
    const wanted =
      takesKey && takesJwt
        ? "an API key or a JWT as 'Authorization: Bearer <credential>'"
        : takesJwt
          ? "a JWT as 'Authorization: Bearer <token>'"
          : "an API key as 'Authorization: Bearer <key>' or 'x-api-key'";
    return new GatewayError(
      takesKey ? 'invalid_api_key' : 'invalid_token',
      `Missing credential: send ${wanted}.`,
    );
  }
  return kind === 'jwt'
    ? new GatewayError('invalid_api_key', 'This service takes API keys, not JWTs.')
    : new GatewayError(
        'invalid_token',
        'This service takes JWTs only (Authorization: Bearer <token>); the credential sent is not one.',
      );
}
