import { Type, type Static } from 'typebox';
import type { RoutesTable, SubscriptionStatus, SubscriptionsTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import type { AdminApp, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { EntityId, errorResponses, Page, PageQuery } from '../admin-schemas.js';
import { assertTenantRole } from '../authorize.js';
import { pageFetchSize, toPage } from '../paginate.js';
import { routeVisibleToTenant } from '../apply/route-view.js';
import {
  selectSubscriptions,
  StatusSchema,
  subscriptionView,
  SubscriptionView,
} from '../subscription-view.js';

const tags = ['subscriptions'];
const Reason = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Shown to the subscriber.' }) },
  { additionalProperties: false },
);

/** Each decision: the states it starts from and where it leads. */
const decisions = {
  approve: { from: ['pending', 'rejected'], to: 'approved' },
  reject: { from: ['pending'], to: 'rejected' },
  revoke: { from: ['approved'], to: 'revoked' },
} as const satisfies Record<string, { from: SubscriptionStatus[]; to: SubscriptionStatus }>;

/** The label of the actor who decided, as the audit log spells it. */
function deciderOf(principal: Principal): string {
  return principal.via === 'token' ? `token:${principal.credentialId}` : principal.userId;
}

/**
 * Approvers are platform admins and tenant admins of the tenant owning the route. The app's own
 * tenant sees the subscription (403); everybody else gets 404.
 */
function assertApprover(principal: Principal, subscription: SubscriptionsTable, route: RoutesTable): void {
  if (principal.role === 'platform_admin') return;
  if (route.tenant_id !== null && route.tenant_id === principal.tenantId) {
    assertTenantRole(principal, route.tenant_id, 'tenant_admin');
    return;
  }
  if (subscription.tenant_id === principal.tenantId) {
    throw new AdminError('forbidden', 'Only the owner of the route may decide on this subscription.');
  }
  throw new AdminError('not_found', `No subscription ${subscription.id}.`);
}

/** Subscriptions of apps to routes, and the approval queue. */
export function registerSubscriptionRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  const { store } = deps;

  app.post(
    '/api/admin/apps/:appId/subscriptions',
    {
      schema: {
        tags,
        summary:
          'Subscribe an app to a published route (developer); approved at once unless the route needs approval',
        params: Type.Object({ appId: EntityId }),
        body: Type.Object(
          { route: Type.String({ minLength: 1, maxLength: 200, description: 'Route id or name.' }) },
          { additionalProperties: false },
        ),
        response: { 201: SubscriptionView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      const created = await store.db.transaction().execute(async (trx) => {
        const owner = await trx
          .selectFrom('apps')
          .selectAll()
          .where('id', '=', request.params.appId)
          .executeTakeFirst();
        if (owner === undefined) throw new AdminError('not_found', `No app ${request.params.appId}.`);
        assertTenantRole(principal, owner.tenant_id, 'developer');
        const route = await trx
          .selectFrom('routes')
          .selectAll()
          .where((eb) => eb.or([eb('id', '=', request.body.route), eb('name', '=', request.body.route)]))
          .executeTakeFirst();
        if (route === undefined || !routeVisibleToTenant(route, owner.tenant_id)) {
          throw new AdminError('not_found', `No route ${request.body.route}.`);
        }
        if (route.lifecycle !== 'published') {
          throw new AdminError('conflict',
            `Route ${route.name} is ${route.lifecycle}; only published routes take subscriptions.`,
          );
        }
        const before = await trx
          .selectFrom('subscriptions')
          .selectAll()
          .where('app_id', '=', owner.id)
          .where('route_id', '=', route.id)
          .executeTakeFirst();
        if (before !== undefined && (before.status === 'pending' || before.status === 'approved')) {
          throw new AdminError('conflict',
            `App ${owner.name} already has a ${before.status} subscription to ${route.name}.`,
          );
        }
        const now = Date.now();
        const automatic = route.requires_approval === 0;
        const row: SubscriptionsTable = {
          id: before?.id ?? newEntityId('sub'),
          tenant_id: owner.tenant_id,
          app_id: owner.id,
          route_id: route.id,
          status: automatic ? 'approved' : 'pending',
          reason: null,
          decided_by: automatic ? 'system' : null,
          decided_at: automatic ? now : null,
          created_at: before?.created_at ?? now,
          updated_at: now,
        };
        // A rejected or revoked subscription is asked for again in place (one row per app and route).
        if (before === undefined) await trx.insertInto('subscriptions').values(row).execute();
        else await trx.updateTable('subscriptions').set(row).where('id', '=', row.id).execute();
        const view = subscriptionView({ ...row, route_name: route.name });
        await deps.audit(trx, {
          actor: principal,
          action: 'subscription.create',
          targetType: 'subscription',
          targetId: row.id,
          tenantId: row.tenant_id,
          before: before === undefined ? null : subscriptionView({ ...before, route_name: route.name }),
          after: view,
        });
        return view;
      });
      deps.changed();
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/admin/apps/:appId/subscriptions',
    {
      schema: {
        tags,
        summary: "List an app's subscriptions",
        params: Type.Object({ appId: EntityId }),
        querystring: PageQuery,
        response: { 200: Page(SubscriptionView), ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      const owner = await store.db
        .selectFrom('apps')
        .select('tenant_id')
        .where('id', '=', request.params.appId)
        .executeTakeFirst();
      if (owner === undefined) throw new AdminError('not_found', `No app ${request.params.appId}.`);
      assertTenantRole(principal, owner.tenant_id, 'viewer');
      let query = selectSubscriptions(store.db).where('subscriptions.app_id', '=', request.params.appId);
      if (request.query.cursor !== undefined)
        query = query.where('subscriptions.id', '>', request.query.cursor);
      const rows = await query.orderBy('subscriptions.id').limit(pageFetchSize(request.query)).execute();
      return toPage(rows, request.query, (row) => row.id, subscriptionView);
    },
  );

  app.get(
    '/api/admin/subscriptions',
    {
      schema: {
        tags,
        summary:
          "Approval queue: all for platform admins; for a tenant admin, those to their tenant's routes",
        querystring: Type.Object({ ...PageQuery.properties, status: Type.Optional(StatusSchema) }),
        response: { 200: Page(SubscriptionView), ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      let query = selectSubscriptions(store.db);
      if (principal.role !== 'platform_admin') {
        assertTenantRole(principal, principal.tenantId, 'tenant_admin');
        query = query.where('routes.tenant_id', '=', principal.tenantId ?? '');
      }
      if (request.query.status !== undefined)
        query = query.where('subscriptions.status', '=', request.query.status);
      if (request.query.cursor !== undefined)
        query = query.where('subscriptions.id', '>', request.query.cursor);
      const rows = await query.orderBy('subscriptions.id').limit(pageFetchSize(request.query)).execute();
      return toPage(rows, request.query, (row) => row.id, subscriptionView);
    },
  );

  for (const [decision, rule] of Object.entries(decisions)) {
    app.post(
      `/api/admin/subscriptions/:id/${decision}`,
      {
        schema: {
          tags,
          summary: `${decision[0]?.toUpperCase()}${decision.slice(1)} a subscription (platform admin or the route owner's tenant admin)`,
          params: Type.Object({ id: EntityId }),
          ...(decision === 'approve' ? {} : { body: Reason }),
          response: { 200: SubscriptionView, ...errorResponses },
        },
      },
      async (request) => {
        const principal = deps.principal(request);
        const reason = (request.body as Static<typeof Reason> | undefined)?.reason ?? null;
        const decided = await store.db.transaction().execute(async (trx) => {
          const before = await trx
            .selectFrom('subscriptions')
            .selectAll()
            .where('id', '=', request.params.id)
            .executeTakeFirst();
          if (before === undefined)
            throw new AdminError('not_found', `No subscription ${request.params.id}.`);
          const route = await trx
            .selectFrom('routes')
            .selectAll()
            .where('id', '=', before.route_id)
            .executeTakeFirstOrThrow();
          assertApprover(principal, before, route);
          if (!(rule.from as readonly SubscriptionStatus[]).includes(before.status)) {
            throw new AdminError('conflict', `A ${before.status} subscription cannot be ${rule.to}.`);
          }
          const now = Date.now();
          const after: SubscriptionsTable = {
            ...before,
            status: rule.to,
            reason,
            decided_by: deciderOf(principal),
            decided_at: now,
            updated_at: now,
          };
          await trx
            .updateTable('subscriptions')
            .set({
              status: after.status,
              reason: after.reason,
              decided_by: after.decided_by,
              decided_at: after.decided_at,
              updated_at: now,
            })
            .where('id', '=', before.id)
            .execute();
          const view = subscriptionView({ ...after, route_name: route.name });
          await deps.audit(trx, {
            actor: principal,
            action: `subscription.${decision}`,
            targetType: 'subscription',
            targetId: before.id,
            tenantId: before.tenant_id,
            before: subscriptionView({ ...before, route_name: route.name }),
            after: view,
          });
          return view;
        });
        deps.changed();
        return decided;
      },
    );
  }
}
