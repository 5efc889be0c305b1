import type { AdminRouteDeps, AuditEntry } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import type { Store } from '../../storage/open-store.js';
import type { KeyHasher } from '../../storage/key-hasher.js';
import type { SecretBox } from '../../storage/secret-box.js';
import { canonicalJson } from './canonical-json.js';
import type { WebhookTargetPolicy } from '../../policy/webhook-target-policy.js';

/** What one object of the document does to the store. */
export interface ApplyPlanEntry {
  kind: 'provider' | 'route' | 'service' | 'tenant' | 'app' | 'key' | 'subscription' | 'limit' | 'budget';
  /** Human label: `openai-main`, `team-a/chat-bot`, `app team-a/chat-bot`. */
  name: string;
  action: 'create' | 'update' | 'unchanged';
  /** For updates: the names of the fields that change (never their values). */
  fields?: string[];
}

/** The plan of an apply, in document order. */
export type ApplyPlan = ApplyPlanEntry[];

/** What applying needs besides the store. */
export interface ApplyDeps {
  secrets: SecretBox;
  hasher: KeyHasher;
  audit: AdminRouteDeps['audit'];
  /** Where budget webhooks may be sent; absent: public addresses only. */
  webhookTargets?: WebhookTargetPolicy;
}

/** Shared state of one apply run: the transaction, the plan so far, and whether to audit. */
export interface ApplyContext {
  db: Store['db'];
  deps: ApplyDeps;
  actor: AuditEntry['actor'];
  dryRun: boolean;
  now: number;
  plan: ApplyPlan;
}

/** Adds a plan entry and, for real changes outside a dry run, its audit row. */
export async function record(
  context: ApplyContext,
  entry: ApplyPlanEntry,
  audit: Omit<AuditEntry, 'actor'>,
): Promise<void> {
  context.plan.push(entry);
  if (entry.action === 'unchanged' || context.dryRun) return;
  await context.deps.audit(context.db, { ...audit, actor: context.actor });
}

/** Top-level fields whose values differ between two objects (absent and undefined are equal). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => canonicalJson(before[name]) !== canonicalJson(after[name])).sort();
}

/** The entry for an object that existed (`changed` non-empty: update) or not (`undefined`: create). */
export function planEntry(
  kind: ApplyPlanEntry['kind'],
  name: string,
  changed: string[] | undefined,
): ApplyPlanEntry {
  if (changed === undefined) return { kind, name, action: 'create' };
  return changed.length === 0
    ? { kind, name, action: 'unchanged' }
    : { kind, name, action: 'update', fields: changed };
}

/** Throws 400 naming the first repeated value's path (`tenants[2].name`). */
export function assertUnique(values: string[], path: string, field: string): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value))
      throw new AdminError('invalid_request', `Invalid '${path}[${index}].${field}': duplicate ${value}.`);
    seen.add(value);
  });
}

/** The stored values of the fields `shape` names, in its order (to compare with what is wanted). */
export function storedValues<Shape extends object>(row: Record<keyof Shape, unknown>, shape: Shape): Shape {
  return Object.fromEntries(Object.keys(shape).map((name) => [name, row[name as keyof Shape]])) as Shape;
}
