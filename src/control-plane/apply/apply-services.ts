import type { ConfigFile } from '../../config/config-schema.js';
import type { HttpServiceSpec } from '../../config/http-service-schema.js';
import type { JsonObject } from '../../core/chat.js';
import { httpServiceRepository } from '../../storage/repositories/http-service-repository.js';
import { serviceRepository } from '../../storage/repositories/service-repository.js';
import { AdminError } from '../admin-error.js';
import { auditActor } from '../write-audit.js';
import { tenantIdOf } from './apply-models.js';
import { changedFields, planEntry, record, storedValues, type ApplyContext } from './apply-plan.js';
import { applyLimits } from './apply-policies.js';
import { canonicalJson } from './canonical-json.js';
import { checkServiceSpec } from './check-service-spec.js';
import { serviceView } from './service-view.js';
import { insertHttpService, updateHttpService, type HttpServiceFields } from './write-http-service.js';

export type ServiceEntry = NonNullable<ConfigFile['services']>[number];

const serviceFields = new Set([
  'name',
  'tenant',
  'visibility',
  'lifecycle',
  'requires_approval',
  'log_bodies',
  'description',
  'limits',
  'openapi',
  'openapi_file',
]);

/** The service's spec: the entry without its name and service fields. */
export function serviceSpecOf(entry: ServiceEntry): HttpServiceSpec {
  return Object.fromEntries(
    Object.entries(entry).filter(([name]) => !serviceFields.has(name)),
  ) as HttpServiceSpec;
}

/**
 * Creates or updates each HTTP service of the document, through the functions the admin API
 * uses (a changed spec is a new release). Fields left out take the defaults model entries take
 * (platform-owned, shared, published); a document without `openapi` keeps the stored one.
 */
export async function applyServices(context: ApplyContext, services: readonly ServiceEntry[]): Promise<void> {
  for (const [index, entry] of services.entries()) await applyService(context, entry, `services[${index}]`);
}

async function applyService(context: ApplyContext, entry: ServiceEntry, path: string): Promise<void> {
  if (entry.openapi_file !== undefined) {
    throw new AdminError(
      'invalid_request',
      `Invalid '${path}.openapi_file': the server reads no files; \`portico apply\` and \`portico start\` inline it as \`openapi\`.`,
    );
  }
  const spec = serviceSpecOf(entry);
  const before = await httpServiceRepository.findByName(context.db, entry.name);
  if (before === undefined && (await serviceRepository.anyServiceNamed(context.db, entry.name))) {
    throw new AdminError(
      'invalid_request',
      `Invalid '${path}.name': ${entry.name} is a model route; model routes and services share names.`,
    );
  }
  await checkServiceSpec(context.db, before?.id, spec, path);
  const tenantId =
    entry.tenant === undefined ? null : await tenantIdOf(context, entry.tenant, `${path}.tenant`);
  const fields: HttpServiceFields = {
    tenant_id: tenantId,
    visibility: entry.visibility ?? 'shared',
    lifecycle: entry.lifecycle ?? 'published',
    requires_approval: entry.requires_approval === true ? 1 : 0,
    log_bodies: entry.log_bodies === true ? 1 : 0,
    description: entry.description ?? '',
  };
  const openapi = entry.openapi === undefined ? undefined : (entry.openapi as JsonObject);
  const actor = auditActor(context.actor);
  if (before === undefined) {
    const row = await insertHttpService(context.db, context.deps.secrets, {
      name: entry.name,
      fields,
      spec,
      openapi: openapi ?? null,
      actor,
      now: context.now,
      note: 'apply',
    });
    await record(context, planEntry('service', entry.name, undefined), {
      action: 'service.create',
      targetType: 'service',
      targetId: row.id,
      tenantId,
      before: null,
      after: serviceView(row),
    });
    if (entry.limits !== undefined) await applyServiceLimits(context, row.id, tenantId, entry);
    return;
  }
  const changed = [
    ...changedFields(storedValues(before, fields), fields),
    ...specChanges(
      before.spec,
      spec,
      context.deps.secrets.open.bind(context.deps.secrets),
      before.credential_sealed,
    ),
    ...(openapi !== undefined && canonicalJson(openapi) !== canonicalJson(before.openapi) ? ['openapi'] : []),
  ];
  let after = before;
  if (changed.length > 0) {
    after = await updateHttpService(context.db, context.deps.secrets, before, {
      fields,
      spec,
      ...(openapi === undefined ? {} : { openapi }),
      actor,
      now: context.now,
      note: 'apply',
    });
  }
  await record(context, planEntry('service', entry.name, changed), {
    action: 'service.update',
    targetType: 'service',
    targetId: before.id,
    tenantId,
    before: serviceView(before),
    after: serviceView(after),
  });
  if (entry.limits !== undefined) await applyServiceLimits(context, before.id, tenantId, entry);
}

/** The spec fields that change (names only); a credential value counts when it differs from the stored one. */
function specChanges(
  stored: HttpServiceSpec,
  wanted: HttpServiceSpec,
  open: (sealed: string) => string,
  sealed: string | null,
): string[] {
  const value = wanted.upstream_credential?.value;
  const withoutValue =
    wanted.upstream_credential === undefined
      ? wanted
      : { ...wanted, upstream_credential: { header: wanted.upstream_credential.header } };
  const fields = changedFields(stored, withoutValue).map((field) => `spec.${field}`);
  if (value !== undefined && (sealed === null || open(sealed) !== value)) {
    fields.push('spec.upstream_credential.value');
  }
  return [...new Set(fields)];
}

async function applyServiceLimits(
  context: ApplyContext,
  id: string,
  tenantId: string | null,
  entry: ServiceEntry,
): Promise<void> {
  if (entry.limits === undefined) return;
  await applyLimits(context, { scope: 'route', id, tenantId, label: `service ${entry.name}` }, entry.limits);
}
