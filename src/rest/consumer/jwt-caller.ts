import { createHash } from 'node:crypto';
import { GatewayError } from '../../core/gateway-error.js';
import {
  appByNameKey,
  type AppGrant,
  type Caller,
  type GovernanceSnapshot,
} from '../../governance/governance-snapshot.js';
import type { JwtConsumer } from './jwt-verifier.js';

/** Tenant ids by tenant name, built once per snapshot (the snapshot only maps ids to names). */
const tenantIdsByName = new WeakMap<GovernanceSnapshot, ReadonlyMap<string, string>>();

/**
 * The Caller a verified JWT stands for: the app its app claim names (by id, or by name within the
 * tenant its tenant claim names) and that app's tenant. Throws `consumer_forbidden` (403) when the
 * claims name no known app, an app name without a tenant, or a tenant that does not own the app.
 *
 * `keyId` is `jwt_` and a digest of issuer and subject: stable per token holder for the call
 * log, never equal to a stored key's id (`key_…`), so key-scope limits never apply to JWTs
 * while app, tenant and service limits do. The subject itself (often an e-mail) is not logged.
 */
export function callerForJwt(consumer: JwtConsumer, snapshot: GovernanceSnapshot): Caller {
  const app = appOf(consumer, snapshot);
  const keyId = jwtKeyId(consumer);
  return {
    keyId,
    keyName: 'jwt',
    keyPrefix: keyId.slice(0, 12),
    appId: app.id,
    tenantId: app.tenantId,
    allowedModels: app.allowedModels === undefined ? [] : [app.allowedModels],
  };
}

/** `jwt_` and 22 base64url characters of SHA-256(issuer, subject). */
export function jwtKeyId(consumer: Pick<JwtConsumer, 'issuer' | 'subject'>): string {
  const digest = createHash('sha256')
    .update(`${consumer.issuer ?? ''}\n${consumer.subject}`)
    .digest('base64url');
  return `jwt_${digest.slice(0, 22)}`;
}

function appOf(consumer: JwtConsumer, snapshot: GovernanceSnapshot): AppGrant {
  if (consumer.app === undefined) {
    throw new GatewayError('consumer_forbidden', 'The token names no app: its app claim is missing.');
  }
  const tenantId = consumer.tenant === undefined ? undefined : tenantIdOf(consumer.tenant, snapshot);
  const app =
    snapshot.appsById.get(consumer.app) ??
    (tenantId === undefined
      ? undefined
      : snapshot.appsByTenantAndName.get(appByNameKey(tenantId, consumer.app)));
  if (app === undefined) {
    throw new GatewayError(
      'consumer_forbidden',
      tenantId === undefined && consumer.tenant === undefined
        ? `The token's app '${printable(consumer.app)}' is no app id; naming an app by name needs a tenant claim.`
        : `The token's app '${printable(consumer.app)}' is not an app of its tenant.`,
    );
  }
  if (consumer.tenant !== undefined && app.tenantId !== tenantId) {
    throw new GatewayError(
      'consumer_forbidden',
      `The token's tenant claim '${printable(consumer.tenant)}' is not the tenant of its app.`,
    );
  }
  return app;
}

/** The tenant a claim names by id or by name; throws when none matches. */
function tenantIdOf(value: string, snapshot: GovernanceSnapshot): string {
  if (snapshot.tenantNames.has(value)) return value;
  let byName = tenantIdsByName.get(snapshot);
  if (byName === undefined) {
    byName = new Map([...snapshot.tenantNames].map(([id, name]) => [name, id]));
    tenantIdsByName.set(snapshot, byName);
  }
  const id = byName.get(value);
  if (id === undefined) {
    throw new GatewayError(
      'consumer_forbidden',
      `The token's tenant '${printable(value)}' is not a known tenant.`,
    );
  }
  return id;
}

/** Claim values quoted back only when short and plain (they come from the client). */
function printable(value: string): string {
  return /^[\w.@:/-]{1,80}$/.test(value) ? value : '…';
}
