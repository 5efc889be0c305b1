import type { ConfigFile } from '../../config/config-schema.js';
import type { TenantsTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import type { App } from '../../storage/repositories/app-repository.js';
import { keyRepository } from '../../storage/repositories/key-repository.js';
import { AdminError } from '../admin-error.js';
import { assertUnique, changedFields, planEntry, record, type ApplyContext } from './apply-plan.js';

type KeyEntry = NonNullable<ConfigFile['keys']>[number];

/**
 * Keys are matched by hash: a known hash is unchanged (renamed when its name differs); a new
 * hash under a name the app already uses replaces that key's secret; otherwise a key is made.
 */
export async function applyKeys(
  context: ApplyContext,
  tenant: TenantsTable,
  app: App,
  keys: readonly KeyEntry[],
  path: string,
): Promise<void> {
  assertUnique(
    keys.map((key) => key.name),
    path,
    'name',
  );
  for (const [index, entry] of keys.entries()) {
    const hash = context.deps.hasher.hash(entry.key);
    const label = `${tenant.name}/${app.name}/${entry.name}`;
    const byHash = await keyRepository.findByHash(context.db, hash);
    if (byHash !== undefined && byHash.app_id !== app.id) {
      throw new AdminError(
        'invalid_request',
        `Invalid '${path}[${index}].key': the key belongs to another app.`,
      );
    }
    const byName = byHash ?? (await keyRepository.findLiveByName(context.db, app.id, entry.name));
    const prefix = entry.key.slice(0, Math.min(8, Math.floor(entry.key.length / 4)));
    // Left out keeps what admins set; null lifts the list.
    const allowedModels =
      entry.allowed_models === undefined ? (byName?.allowed_models ?? null) : entry.allowed_models;
    const listChanged =
      byName !== undefined &&
      changedFields({ allowed_models: byName.allowed_models }, { allowed_models: allowedModels }).length > 0;
    const changed =
      byName === undefined
        ? undefined
        : [
            ...(byHash !== undefined ? changedFields({ name: byHash.name }, { name: entry.name }) : ['key']),
            ...(listChanged ? ['allowed_models'] : []),
          ];
    const id = byName?.id ?? newEntityId('key');
    if (byName === undefined) {
      await keyRepository.insert(context.db, {
        id,
        tenant_id: tenant.id,
        app_id: app.id,
        name: entry.name,
        prefix,
        key_hash: hash,
        expires_at: null,
        revoked_at: null,
        rotated_to: null,
        allowed_models: allowedModels,
        last_used_at: null,
        created_at: context.now,
      });
    } else if (changed !== undefined && changed.length > 0) {
      await keyRepository.update(context.db, id, {
        name: entry.name,
        prefix,
        key_hash: hash,
        allowed_models: allowedModels,
      });
    }
    await record(context, planEntry('key', label, changed), {
      action: byName === undefined ? 'key.create' : 'key.update',
      targetType: 'key',
      targetId: id,
      tenantId: tenant.id,
      before:
        byName === undefined
          ? null
          : {
              name: byName.name,
              prefix: byName.prefix,
              allowed_models: byName.allowed_models,
            },
      after: { name: entry.name, prefix, allowed_models: allowedModels },
    });
  }
}
