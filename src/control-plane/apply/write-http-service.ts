import type { HttpServiceSpec } from '../../config/http-service-schema.js';
import type { JsonObject } from '../../core/chat.js';
import { newEntityId } from '../../storage/key-hasher.js';
import type { Db } from '../../storage/repositories/db.js';
import {
  httpServiceRepository,
  type HttpService,
} from '../../storage/repositories/http-service-repository.js';
import { serviceReleaseRepository } from '../../storage/repositories/service-release-repository.js';
import type { SecretBox } from '../../storage/secret-box.js';
import { canonicalJson } from './canonical-json.js';

/** The governance columns of an HTTP service, as the admin API and `apply` set them. */
export type HttpServiceFields = Pick<
  HttpService,
  'tenant_id' | 'visibility' | 'lifecycle' | 'requires_approval' | 'log_bodies' | 'description'
>;

/** The spec as stored (no credential value) and the sealed credential, from a spec as written. */
export function sealCredential(
  secrets: SecretBox,
  written: HttpServiceSpec,
  sealedBefore: string | null,
): { spec: HttpServiceSpec; sealed: string | null } {
  const credential = written.upstream_credential;
  if (credential === undefined) return { spec: written, sealed: null };
  const spec = { ...written, upstream_credential: { header: credential.header } };
  // A credential without `value` keeps the stored one: views and exports never show it.
  const sealed = credential.value === undefined ? sealedBefore : secrets.seal(credential.value);
  return { spec, sealed };
}

/** Creates an HTTP service with its release 1. */
export async function insertHttpService(
  db: Db,
  secrets: SecretBox,
  input: {
    name: string;
    fields: HttpServiceFields;
    spec: HttpServiceSpec;
    openapi: JsonObject | null;
    actor: string;
    now: number;
    note?: string;
  },
): Promise<HttpService> {
  const { spec, sealed } = sealCredential(secrets, input.spec, null);
  const row: HttpService = {
    id: newEntityId('svc'),
    name: input.name,
    ...input.fields,
    spec,
    credential_sealed: sealed,
    openapi: input.openapi,
    release: 1,
    created_at: input.now,
    updated_at: input.now,
  };
  await httpServiceRepository.insert(db, row);
  await writeRelease(db, row.id, 1, spec, input.note ?? 'create', input.actor, input.now);
  return row;
}

/**
 * Changes an HTTP service: fields as given, the spec (when given) as a new release if it differs
 * from the live one. Returns the row as it is now.
 */
export async function updateHttpService(
  db: Db,
  secrets: SecretBox,
  before: HttpService,
  change: {
    name?: string;
    fields: HttpServiceFields;
    spec: HttpServiceSpec | undefined;
    openapi?: JsonObject | null;
    actor: string;
    now: number;
    note: string;
  },
): Promise<HttpService> {
  let after: HttpService = {
    ...before,
    ...change.fields,
    name: change.name ?? before.name,
    ...(change.openapi === undefined ? {} : { openapi: change.openapi }),
    updated_at: change.now,
  };
  if (change.spec !== undefined) {
    const { spec, sealed } = sealCredential(secrets, change.spec, before.credential_sealed);
    after = { ...after, spec, credential_sealed: sealed };
    if (canonicalJson(spec) !== canonicalJson(before.spec)) {
      const number = (await serviceReleaseRepository.latestNumber(db, before.id)) + 1;
      await writeRelease(db, before.id, number, spec, change.note, change.actor, change.now);
      after = { ...after, release: number };
    }
  }
  await httpServiceRepository.update(db, before.id, {
    name: after.name,
    ...change.fields,
    spec: after.spec,
    credential_sealed: after.credential_sealed,
    openapi: after.openapi,
    release: after.release,
    updated_at: after.updated_at,
  });
  return after;
}

async function writeRelease(
  db: Db,
  serviceId: string,
  number: number,
  spec: HttpServiceSpec,
  note: string,
  actor: string,
  now: number,
): Promise<void> {
  await serviceReleaseRepository.insert(db, {
    id: newEntityId('rel'),
    service_id: serviceId,
    number,
    spec,
    note,
    created_by: actor,
    created_at: now,
  });
}
