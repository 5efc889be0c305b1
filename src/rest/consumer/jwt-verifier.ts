import type { HttpAuthSpec } from '../../config/http-service-schema.js';
import { GatewayError } from '../../core/gateway-error.js';

/** Who a verified JWT says is calling: its subject and the tenant and app its claims name. */
export interface JwtConsumer {
  /** The token's `sub` claim ('' when absent). */
  subject: string;
  /** The token's issuer (`iss`), when present; part of the caller's stable id. */
  issuer?: string;
  /** The value of the tenant claim (an id or a name), when the token carries one. */
  tenant?: string;
  /** The value of the app claim (an id or a name), when the token carries one. */
  app?: string;
}

/** Checks a consumer's bearer JWT against one service's `auth.jwt` settings. */
export interface JwtVerifier {
  /** Resolves to the token's consumer; throws GatewayError('invalid_token') saying why it was refused. */
  verify(token: string): Promise<JwtConsumer>;
}

export type JwtSpec = NonNullable<HttpAuthSpec['jwt']>;

export function createJwtVerifier(spec: JwtSpec): JwtVerifier {
  void spec;
  return {
    verify: () => Promise.reject(new GatewayError('internal_error', 'JWT verification is not built yet.')),
  };
}
