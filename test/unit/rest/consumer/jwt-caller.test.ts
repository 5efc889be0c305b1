import { describe, expect, it } from 'vitest';
import {
  appByNameKey,
  type AppGrant,
  type GovernanceSnapshot,
} from '../../../../src/governance/governance-snapshot.js';
import { callerForJwt, jwtKeyId } from '../../../../src/rest/consumer/jwt-caller.js';
import { catchGatewayError } from '../../../support/catch-gateway-error.js';

const billing: AppGrant = { id: 'app_billing', name: 'billing', tenantId: 'ten_acme' };
const shop: AppGrant = {
  id: 'app_shop',
  name: 'shop',
  tenantId: 'ten_globex',
  allowedModels: new Set(['gpt-4o']),
};

const snapshot: GovernanceSnapshot = {
  keysByHash: new Map(),
  servicesByName: new Map(),
  subscriptions: new Map(),
  tenantNames: new Map([
    ['ten_acme', 'acme'],
    ['ten_globex', 'globex'],
  ]),
  httpServices: [],
  appsById: new Map([billing, shop].map((app) => [app.id, app])),
  appsByTenantAndName: new Map([billing, shop].map((app) => [appByNameKey(app.tenantId, app.name), app])),
};

function refusal(consumer: Parameters<typeof callerForJwt>[0]): {
  status: number;
  code: string;
  message: string;
} {
  const error = catchGatewayError(() => callerForJwt(consumer, snapshot));
  return { status: error.status, code: error.code, message: error.message };
}

describe('callerForJwt', () => {
  it('maps an app id claim to that app and its tenant', () => {
    const caller = callerForJwt({ subject: 'u1', issuer: 'https://idp', app: 'app_billing' }, snapshot);
    expect(caller).toMatchObject({
      appId: 'app_billing',
      tenantId: 'ten_acme',
      keyName: 'jwt',
      allowedModels: [],
    });
  });

  it('maps an app name within the tenant named by id or by name', () => {
    expect(callerForJwt({ subject: 'u', tenant: 'globex', app: 'shop' }, snapshot)).toMatchObject({
      appId: 'app_shop',
      tenantId: 'ten_globex',
      allowedModels: [new Set(['gpt-4o'])],
    });
    expect(callerForJwt({ subject: 'u', tenant: 'ten_acme', app: 'billing' }, snapshot).appId).toBe(
      'app_billing',
    );
  });

  it('gives each issuer and subject a stable key id that no stored key has', () => {
    const first = callerForJwt({ subject: 'u1', issuer: 'https://idp', app: 'app_billing' }, snapshot);
    const again = callerForJwt({ subject: 'u1', issuer: 'https://idp', app: 'app_billing' }, snapshot);
    const other = callerForJwt({ subject: 'u1', issuer: 'https://other', app: 'app_billing' }, snapshot);
    expect(first.keyId).toBe(again.keyId);
    expect(first.keyId).not.toBe(other.keyId);
    expect(first.keyId).toMatch(/^jwt_[\w-]{22}$/);
    expect(first.keyId).toBe(jwtKeyId({ subject: 'u1', issuer: 'https://idp' }));
    expect(first.keyPrefix).not.toContain('u1');
  });

  it('refuses with 403 a token naming no app, an unknown app or an unknown tenant', () => {
    expect(refusal({ subject: 'u' })).toEqual({
      status: 403,
      code: 'consumer_forbidden',
      message: 'The token names no app: its app claim is missing.',
    });
    expect(refusal({ subject: 'u', app: 'app_nope' }).message).toBe(
      "The token's app 'app_nope' is no app id; naming an app by name needs a tenant claim.",
    );
    expect(refusal({ subject: 'u', app: 'billing' }).status).toBe(403);
    expect(refusal({ subject: 'u', tenant: 'acme', app: 'shop' }).message).toBe(
      "The token's app 'shop' is not an app of its tenant.",
    );
    expect(refusal({ subject: 'u', tenant: 'initech', app: 'billing' }).message).toBe(
      "The token's tenant 'initech' is not a known tenant.",
    );
  });

  it("refuses with 403 a tenant claim that disagrees with the app's tenant", () => {
    expect(refusal({ subject: 'u', tenant: 'globex', app: 'app_billing' })).toEqual({
      status: 403,
      code: 'consumer_forbidden',
      message: "The token's tenant claim 'globex' is not the tenant of its app.",
    });
  });

  it('does not quote back claim values that are long or carry odd characters', () => {
    expect(refusal({ subject: 'u', tenant: 'acme', app: 'x\r\ninjected' }).message).toBe(
      "The token's app '…' is not an app of its tenant.",
    );
  });
});
