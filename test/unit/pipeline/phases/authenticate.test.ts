import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { GovernanceState } from '../../../../src/governance/governance-state.js';
import { createAuthenticate } from '../../../../src/pipeline/phases/authenticate.js';
import type { KeyGrant } from '../../../../src/governance/governance-snapshot.js';
import { grant, receivedContext } from '../pipeline-fixtures.js';

function stateWith(keys: [string, KeyGrant][]): GovernanceState {
  const state = new GovernanceState();
  state.keysRequired = keys.length > 0;
  state.snapshot = { ...state.snapshot, keysByHash: new Map(keys) };
  return state;
}

const hash = (secret: string): string => `h(${secret})`;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof GatewayError ? error.code : 'not a GatewayError';
  }
  return undefined;
}

describe('authenticate', () => {
  it('lets every call through while no key exists (the open API), naming no caller', () => {
    const context = receivedContext();
    void createAuthenticate(stateWith([]), hash)(context);
    expect(context.caller).toBeUndefined();
  });

  it('records the caller of a known key, from any of the places clients put it', () => {
    const authenticate = createAuthenticate(stateWith([['h(pk-secret)', grant]]), hash);
    for (const headers of [
      { authorization: 'Bearer pk-secret' },
      { 'x-api-key': 'pk-secret' },
      { 'x-goog-api-key': 'pk-secret' },
    ]) {
      const context = receivedContext({ headers });
      void authenticate(context);
      expect(context.caller).toBe(grant);
      expect(context.keyName).toBe('ci');
    }
    const byQuery = receivedContext({ query: 'alt=sse&key=pk-secret' });
    void authenticate(byQuery);
    expect(byQuery.caller).toBe(grant);
  });

  it('refuses a missing, unknown, revoked or expired key', () => {
    const past = Date.now() - 1_000;
    const authenticate = createAuthenticate(
      stateWith([
        ['h(pk-secret)', grant],
        ['h(pk-revoked)', { ...grant, revokedAt: past }],
        ['h(pk-expired)', { ...grant, expiresAt: past }],
      ]),
      hash,
    );
    const run = (headers: Record<string, string>) => () => authenticate(receivedContext({ headers }));
    expect(codeOf(run({}))).toBe('invalid_api_key');
    expect(codeOf(run({ authorization: 'Bearer pk-other' }))).toBe('invalid_api_key');
    expect(codeOf(run({ authorization: 'Bearer pk-revoked' }))).toBe('key_revoked');
    expect(codeOf(run({ authorization: 'Bearer pk-expired' }))).toBe('key_expired');
  });
});
