import { GatewayError } from '../../core/gateway-error.js';
import type { KeyGrant } from '../../governance/governance-snapshot.js';
import type { GovernanceState } from '../../governance/governance-state.js';
import type { Authenticated } from '../../pipeline/context/phases.js';
import type { Stage } from '../../pipeline/stage.js';
import { callerForJwt } from '../consumer/jwt-caller.js';
import type { RestReceived } from '../rest-exchange.js';

/**
 * The authenticate phase of a REST call, by the service's `auth.modes` (absent: keys only).
 * A key is read from `x-api-key` or `Authorization: Bearer` and checked by the same lookup as
 * the model endpoints (`checkKey`); a bearer token shaped like a JWT goes to the service's JWT
 * verifier when the service takes JWTs; nothing presented passes only where the service is
 * anonymous. While no API key exists at all, key mode is open as on the model endpoints. The
 * header that carried the credential is noted, for the proxy to strip.
 */
export function createAuthenticateConsumer(
  state: GovernanceState,
  checkKey: (key: string) => KeyGrant,
): Stage<RestReceived, Authenticated> {
  return (context) => {
    const service = context.rest.route.service;
    const modes = service.authModes;
    const headers = context.headers;
    const apiKey = headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey !== '' && modes.has('key')) {
      context.rest.credentialHeader = 'x-api-key';
      return acceptKey(context, checkKey(apiKey));
    }
    const authorization = headers.authorization;
    const bearer =
      typeof authorization === 'string' && /^bearer /i.test(authorization)
        ? authorization.slice(7).trim()
        : undefined;
    if (bearer !== undefined && bearer !== '') {
      context.rest.credentialHeader = 'authorization';
      if (modes.has('jwt') && service.jwt !== undefined && looksLikeJwt(bearer)) {
        const verifier = service.jwt;
        return verifier.verify(bearer).then((consumer) => {
          context.caller = callerForJwt(consumer, state.snapshot);
          context.keyName = consumer.subject;
        });
      }
      if (modes.has('key')) return acceptKey(context, checkKey(bearer));
    }
    if (modes.has('anonymous')) return;
    if (modes.has('key') && !state.keysRequired) return;
    throw new GatewayError('invalid_api_key', missingMessage(modes));
  };
}

function acceptKey(context: RestReceived, grant: KeyGrant): void {
  context.caller = grant;
  context.keyName = grant.keyName;
}

/** Three base64url parts: a compact JWS. Portico keys never contain dots. */
function looksLikeJwt(token: string): boolean {
  const first = token.indexOf('.');
  return first > 0 && token.indexOf('.', first + 1) > first + 1;
}

function missingMessage(modes: ReadonlySet<string>): string {
  const ways: string[] = [];
  if (modes.has('key')) ways.push("an API key ('x-api-key: <key>' or 'Authorization: Bearer <key>')");
  if (modes.has('jwt')) ways.push("a JWT ('Authorization: Bearer <token>')");
  return `Missing credentials: this service takes ${ways.join(' or ')}.`;
}
