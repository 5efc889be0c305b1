import type { KeyGrant } from '../../governance/governance-snapshot.js';
import type { GovernanceState } from '../../governance/governance-state.js';
import type { Authenticated } from '../../pipeline/context/phases.js';
import type { Stage } from '../../pipeline/stage.js';
import { classifyCredential } from '../consumer/classify-credential.js';
import { callerForJwt } from '../consumer/jwt-caller.js';
import type { RestReceived } from '../rest-exchange.js';

/**
 * The authenticate phase of a REST call, by the service's `auth.modes` (absent: keys only):
 * `classifyCredential` says what was presented; a key is checked by the same lookup as the
 * model endpoints (`checkKey`), a JWT by the service's verifier, and nothing passes only where
 * the service is anonymous. Unlike the model endpoints, a REST service has no open mode while
 * no API key exists: a service without 'anonymous' always wants a valid credential, so a JWT
 * service is never left unchecked by an empty key store. The headers that carried the
 * credential are noted, for the proxy to strip.
 */
export function createAuthenticateConsumer(
  state: GovernanceState,
  checkKey: (key: string) => KeyGrant,
): Stage<RestReceived, Authenticated> {
  return (context) => {
    const service = context.rest.route.service;
    const modes = service.authModes;
    const credential = classifyCredential(context.headers, modes);
    context.rest.credentialHeaders = credential.headers;
    if (credential.kind === 'anonymous') return;
    if (credential.kind === 'key') {
      const grant = checkKey(credential.value);
      context.caller = grant;
      context.keyName = grant.keyName;
      return;
    }
    return verifyJwt(context, state, credential.value);
  };
}

async function verifyJwt(context: RestReceived, state: GovernanceState, token: string): Promise<void> {
  const verifier = context.rest.route.service.jwt;
  if (verifier === undefined) return Promise.reject(new Error('a JWT service without a verifier'));
  const consumer = await verifier.verify(token);
  context.caller = callerForJwt(consumer, state.snapshot);
  // The caller's key name ('jwt'), never the subject: subjects are often e-mails and the key name
  // reaches the access log.
  context.keyName = context.caller.keyName;
}
