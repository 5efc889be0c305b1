import type { ConfigFile } from '../../config/config-schema.js';
import type { Store } from '../../storage/open-store.js';
import type { AuditEntry } from '../admin-context.js';
import { applyModels } from './apply-models.js';
import { assertUnique, type ApplyDeps, type ApplyPlan } from './apply-plan.js';
import { applyProviders } from './apply-providers.js';
import { applyServices } from './apply-services.js';
import { applyApps, applyDefaultKeys, applyTenants } from './apply-tenants.js';

export interface ApplyOptions {
  /** Compute the plan only: every step runs in a transaction that is rolled back, nothing is audited. */
  dryRun: boolean;
  /** Who the audit rows name: `cli-apply` for the CLI and `portico start`, the admin for the API. */
  actor: AuditEntry['actor'];
  /** Environment variables the provider secrets came from (see secretReferences), kept for export. */
  refs?: ReadonlyMap<string, Record<string, string>>;
}

class DryRunRollback extends Error {}

/**
 * Applies a declarative document (the config file format, see
 * docs/services-and-config-as-code.md) to the store in one transaction with its audit rows.
 * Idempotent (a second run plans only `unchanged`, writes nothing) and non-destructive
 * (objects the document leaves out are kept). Invalid documents throw a 400 AdminError naming
 * the field; nothing is written then.
 */
export async function applyDocument(
  store: Store,
  deps: ApplyDeps,
  document: ConfigFile,
  options: ApplyOptions,
): Promise<ApplyPlan> {
  assertUnique(
    (document.providers ?? []).map((provider) => provider.id),
    'providers',
    'id',
  );
  assertUnique(
    (document.models ?? []).map((model) => model.name),
    'models',
    'name',
  );
  assertUnique(
    (document.services ?? []).map((entry) => entry.name),
    'services',
    'name',
  );
  assertUnique(
    (document.keys ?? []).map((key) => key.name),
    'keys',
    'name',
  );
  const plan: ApplyPlan = [];
  try {
    await store.db.transaction().execute(async (db) => {
      const context = { db, deps, actor: options.actor, dryRun: options.dryRun, now: Date.now(), plan };
      // Order follows references: routes name providers and tenants; apps subscribe to routes.
      await applyProviders(context, document.providers ?? [], options.refs ?? new Map());
      await applyTenants(context, document.tenants ?? []);
      await applyModels(context, document.models ?? []);
      await applyServices(context, document.services ?? []);
      await applyApps(context, document.tenants ?? []);
      await applyDefaultKeys(context, document.keys ?? []);
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return plan;
}
