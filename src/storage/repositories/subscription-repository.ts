import type { SubscriptionStatus, SubscriptionsTable } from '../database-schema.js';
import type { Db } from './db.js';

/** A subscription with its route's name, as every view of one shows it. */
export type SubscriptionWithRoute = SubscriptionsTable & { route_name: string };

/** Which subscriptions a page lists, in id order. */
export interface SubscriptionFilter {
  appId?: string;
  /** Only subscriptions to routes this tenant owns (the approval queue of a tenant admin). */
  routeTenantId?: string;
  status?: SubscriptionStatus;
  /** Ids strictly after this one (the page cursor). */
  after?: string;
  limit: number;
}

export async function findSubscription(db: Db, id: string): Promise<SubscriptionsTable | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The one subscription of app `appId` to route `routeId`. */
export async function findSubscriptionOf(
  db: Db,
  appId: string,
  routeId: string,
): Promise<SubscriptionsTable | undefined> {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('app_id', '=', appId)
    .where('route_id', '=', routeId)
    .executeTakeFirst();
}

export async function listSubscriptions(db: Db, filter: SubscriptionFilter): Promise<SubscriptionWithRoute[]> {
  let query = db
    .selectFrom('subscriptions')
    .innerJoin('routes', 'routes.id', 'subscriptions.route_id')
    .selectAll('subscriptions')
    .select('routes.name as route_name');
  if (filter.appId !== undefined) query = query.where('subscriptions.app_id', '=', filter.appId);
  if (filter.routeTenantId !== undefined) query = query.where('routes.tenant_id', '=', filter.routeTenantId);
  if (filter.status !== undefined) query = query.where('subscriptions.status', '=', filter.status);
  if (filter.after !== undefined) query = query.where('subscriptions.id', '>', filter.after);
  return query.orderBy('subscriptions.id').limit(filter.limit).execute();
}

/** Each approved subscription as its app id and route name, by route name (the order of an export). */
export async function listApprovedSubscriptions(db: Db): Promise<{ app_id: string; name: string }[]> {
  return db
    .selectFrom('subscriptions')
    .innerJoin('routes', 'routes.id', 'subscriptions.route_id')
    .select(['subscriptions.app_id', 'routes.name'])
    .where('subscriptions.status', '=', 'approved')
    .orderBy('routes.name')
    .execute();
}

export async function insertSubscription(db: Db, subscription: SubscriptionsTable): Promise<void> {
  await db.insertInto('subscriptions').values(subscription).execute();
}

/** Writes the given columns of subscription `id`. */
export async function updateSubscription(
  db: Db,
  id: string,
  changes: Partial<Omit<SubscriptionsTable, 'id'>>,
): Promise<void> {
  await db.updateTable('subscriptions').set(changes).where('id', '=', id).execute();
}
