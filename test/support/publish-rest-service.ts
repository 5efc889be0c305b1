import { randomUUID } from 'node:crypto';
import type { HttpServiceSpec } from '../../src/config/http-service-schema.js';
import type { Lifecycle, Visibility } from '../../src/storage/database-schema.js';
import type { Store } from '../../src/storage/open-store.js';
import { httpServiceRepository } from '../../src/storage/repositories/http-service-repository.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { testMasterKey } from './start-gateway.js';

/** The governance facts of a test service; every one has a default. */
export interface RestServiceFacts {
  tenantId?: string | null;
  visibility?: Visibility;
  lifecycle?: Lifecycle;
  requiresApproval?: boolean;
  logBodies?: boolean;
  /** The upstream credential's value, sealed as the admin API seals it. */
  credentialValue?: string;
}

/**
 * Writes an HTTP service straight into the store (as the services admin API does); the data
 * plane serves it after its next reload, which any admin write triggers.
 */
export async function publishRestService(
  store: Store,
  name: string,
  spec: HttpServiceSpec,
  facts: RestServiceFacts = {},
): Promise<string> {
  const id = randomUUID();
  const now = Date.now();
  await httpServiceRepository.insert(store.db, {
    id,
    name,
    tenant_id: facts.tenantId ?? null,
    visibility: facts.visibility ?? 'shared',
    lifecycle: facts.lifecycle ?? 'published',
    requires_approval: facts.requiresApproval === true ? 1 : 0,
    log_bodies: facts.logBodies === true ? 1 : 0,
    description: '',
    credential_sealed:
      facts.credentialValue === undefined
        ? null
        : new SecretBox(Buffer.from(testMasterKey, 'hex')).seal(facts.credentialValue),
    spec,
    openapi: null,
    release: 1,
    created_at: now,
    updated_at: now,
  });
  return id;
}
