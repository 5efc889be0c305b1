import type { SubscriptionStatus, SubscriptionsTable } from '../database-schema.js';
import type { Db, PageWindow } from './db.js';

/** A subscription with its route's name, as every view of one shows it. */
export type SubscriptionWithRoute = SubscriptionsTable & { route_name: string };

/** Which subscriptions a page lists. */
export interface SubscriptionFilter {
  appId?: string;
  /** Only subscriptions to routes this tenant owns (the approval queue of a tenant admin). */
  routeTenantId?: string;
  status?: SubscriptionStatus | undefined;
}

/** The queries on subscriptions of apps to routes. */
export const subscriptionRepository = {
  find(db: Db, id: string): Promise<SubscriptionsTable | undefined> {
    return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The one subscription of app `appId` to route `routeId`. */
  findOf(db: Db, appId: string, routeId: string): Promise<SubscriptionsTable | undefined> {
    return db
      .selectFrom('subscriptions')
      .selectAll()
      .where('app_id', '=', appId)
      .where('route_id', '=', routeId)
      .executeTakeFirst();
  },

  /** One page of subscriptions by id, each with its route's name. */
  list(db: Db, filter: SubscriptionFilter, page: PageWindow): Promise<SubscriptionWithRoute[]> {
    let query = db
      .selectFrom('subscriptions')
      .innerJoin('routes', 'routes.id', 'subscriptions.route_id')
      .selectAll('subscriptions')
      .select('routes.name as route_name');
    if (filter.appId !== undefined) query = query.where('subscriptions.app_id', '=', filter.appId);
    if (filter.routeTenantId !== undefined)
      query = query.where('routes.tenant_id', '=', filter.routeTenantId);
    if (filter.status !== undefined) query = query.where('subscriptions.status', '=', filter.status);
    if (page.after !== undefined) query = query.where('subscriptions.id', '>', page.after);
    return query.orderBy('subscriptions.id').limit(page.limit).execute();
  },

  /** Each approved subscription as its app id and route name, by route name (the order of an export). */
  listApproved(db: Db): Promise<{ app_id: string; name: string }[]> {
    return db
      .selectFrom('subscriptions')
      .innerJoin('routes', 'routes.id', 'subscriptions.route_id')
      .select(['subscriptions.app_id', 'routes.name'])
      .where('subscriptions.status', '=', 'approved')
      .orderBy('routes.name')
      .execute();
  },

  async insert(db: Db, subscription: SubscriptionsTable): Promise<void> {
    await db.insertInto('subscriptions').values(subscription).execute();
  },

  /** Writes the given columns of subscription `id`. */
  async update(db: Db, id: string, changes: Partial<Omit<SubscriptionsTable, 'id'>>): Promise<void> {
    await db.updateTable('subscriptions').set(changes).where('id', '=', id).execute();
  },
};
