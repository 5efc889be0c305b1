import { Type, type Static } from 'typebox';
import type { SubscriptionStatus, SubscriptionsTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import { appRepository } from '../../storage/repositories/app-repository.js';
import type { Db } from '../../storage/repositories/db.js';
import { serviceRepository, type GovernedService } from '../../storage/repositories/service-repository.js';
import { subscriptionRepository } from '../../storage/repositories/subscription-repository.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation, type MutationAudit } from '../admin-mutation.js';
import { EntityId, errorResponses, Page, PageQuery } from '../admin-schemas.js';
import { routeVisibleToTenant } from '../apply/route-view.js';
import { assertTenantRole } from '../authorize.js';
import { pageFetchSize, toPage } from '../paginate.js';
import { auditActor } from '../write-audit.js';
import { StatusSchema, subscriptionView, SubscriptionView } from '../subscription-view.js';

const tags = ['subscriptions'];
const AppParams = Type.Object({ appId: EntityId });
const SubscribeBody = Type.Object(
  { route: Type.String({ minLength: 1, maxLength: 200, description: 'Route id or name.' }) },
  { additionalProperties: false },
);
const Reason = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Shown to the subscriber.' }) },
  { additionalProperties: false },
);
const QueueQuery = Type.Object({ ...PageQuery.properties, status: Type.Optional(StatusSchema) });

/** Each decision: the states it starts from and where it leads. */
const decisions = {
  approve: { from: ['pending', 'rejected'], to: 'approved' },
  reject: { from: ['pending'], to: 'rejected' },
  revoke: { from: ['approved'], to: 'revoked' },
} as const satisfies Record<string, { from: SubscriptionStatus[]; to: SubscriptionStatus }>;
type Decision = keyof typeof decisions;

const schemas = {
  create: {
    tags,
    summary:
      'Subscribe an app to a published route (developer); approved at once unless the route needs approval',
    params: AppParams,
    body: SubscribeBody,
    response: { 201: SubscriptionView, ...errorResponses },
  },
  listOfApp: {
    tags,
    summary: "List an app's subscriptions",
    params: AppParams,
    querystring: PageQuery,
    response: { 200: Page(SubscriptionView), ...errorResponses },
  },
  queue: {
    tags,
    summary: "Approval queue: all for platform admins; for a tenant admin, those to their tenant's routes",
    querystring: QueueQuery,
    response: { 200: Page(SubscriptionView), ...errorResponses },
  },
  decide: (decision: Decision) => ({
    tags,
    summary: `${decision[0]?.toUpperCase()}${decision.slice(1)} a subscription (platform admin or the route owner's tenant admin)`,
    params: Type.Object({ id: EntityId }),
    ...(decision === 'approve' ? {} : { body: Reason }),
    response: { 200: SubscriptionView, ...errorResponses },
  }),
};

/** Subscriptions of apps to routes, and the approval queue. */
export const subscriptionRoutes: AdminPlugin = (app, deps) => {
  app.post('/api/admin/apps/:appId/subscriptions', { schema: schemas.create }, async (request, reply) => {
    const created = await subscribe(deps, deps.principal(request), request.params.appId, request.body.route);
    return reply.status(201).send(created);
  });
  app.get('/api/admin/apps/:appId/subscriptions', { schema: schemas.listOfApp }, (request) =>
    listAppSubscriptions(deps, deps.principal(request), request.params.appId, request.query),
  );
  app.get('/api/admin/subscriptions', { schema: schemas.queue }, (request) =>
    listApprovalQueue(deps, deps.principal(request), request.query),
  );
  for (const decision of Object.keys(decisions) as Decision[]) {
    app.post(`/api/admin/subscriptions/:id/${decision}`, { schema: schemas.decide(decision) }, (request) => {
      const reason = (request.body as Static<typeof Reason> | undefined)?.reason ?? null;
      return decide(deps, deps.principal(request), decision, request.params.id, reason);
    });
  }
};

/**
 * Approvers are platform admins and tenant admins of the tenant owning the route. The app's own
 * tenant sees the subscription (403); everybody else gets 404.
 */
function assertApprover(
  principal: Principal,
  subscription: SubscriptionsTable,
  route: GovernedService,
): void {
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

/** The published route `idOrName` as the tenant `tenantId` sees it; 404 or 409 otherwise. */
async function loadSubscribableRoute(db: Db, idOrName: string, tenantId: string): Promise<GovernedService> {
  const route = await serviceRepository.findGoverned(db, idOrName);
  if (route === undefined || !routeVisibleToTenant(route, tenantId)) {
    throw new AdminError('not_found', `No route ${idOrName}.`);
  }
  if (route.lifecycle !== 'published') {
    throw new AdminError(
      'conflict',
      `Route ${route.name} is ${route.lifecycle}; only published routes take subscriptions.`,
    );
  }
  return route;
}

async function subscribe(
  deps: AdminRouteDeps,
  principal: Principal,
  appId: string,
  routeIdOrName: string,
): Promise<SubscriptionView> {
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const owner = await appRepository.find(db, appId);
      if (owner === undefined) throw new AdminError('not_found', `No app ${appId}.`);
      assertTenantRole(principal, owner.tenant_id, 'developer');
      const route = await loadSubscribableRoute(db, routeIdOrName, owner.tenant_id);
      const before = await subscriptionRepository.findOf(db, owner.id, route.id);
      if (before !== undefined && (before.status === 'pending' || before.status === 'approved')) {
        throw new AdminError(
          'conflict',
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
      if (before === undefined) await subscriptionRepository.insert(db, row);
      else await subscriptionRepository.update(db, row.id, row);
      const view = subscriptionView({ ...row, route_name: route.name });
      const was = before === undefined ? null : subscriptionView({ ...before, route_name: route.name });
      return { result: view, audit: [subscriptionAudit('subscription.create', row, was, view)] };
    },
  });
}

async function listAppSubscriptions(
  deps: AdminRouteDeps,
  principal: Principal,
  appId: string,
  query: PageQuery,
) {
  const owner = await appRepository.find(deps.store.db, appId);
  if (owner === undefined) throw new AdminError('not_found', `No app ${appId}.`);
  assertTenantRole(principal, owner.tenant_id, 'viewer');
  const page = { after: query.cursor, limit: pageFetchSize(query) };
  const rows = await subscriptionRepository.list(deps.store.db, { appId }, page);
  return toPage(rows, query, (row) => row.id, subscriptionView);
}

async function listApprovalQueue(
  deps: AdminRouteDeps,
  principal: Principal,
  query: Static<typeof QueueQuery>,
) {
  let routeTenantId: string | undefined;
  if (principal.role !== 'platform_admin') {
    assertTenantRole(principal, principal.tenantId, 'tenant_admin');
    routeTenantId = principal.tenantId ?? '';
  }
  const filter = { ...(routeTenantId === undefined ? {} : { routeTenantId }), status: query.status };
  const page = { after: query.cursor, limit: pageFetchSize(query) };
  const rows = await subscriptionRepository.list(deps.store.db, filter, page);
  return toPage(rows, query, (row) => row.id, subscriptionView);
}

async function decide(
  deps: AdminRouteDeps,
  principal: Principal,
  decision: Decision,
  id: string,
  reason: string | null,
): Promise<SubscriptionView> {
  const rule = decisions[decision];
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await subscriptionRepository.find(db, id);
      if (before === undefined) throw new AdminError('not_found', `No subscription ${id}.`);
      const route = await serviceRepository.findGoverned(db, before.route_id);
      if (route === undefined) throw new Error(`Subscription ${id} names no stored route.`);
      assertApprover(principal, before, route);
      if (!(rule.from as readonly SubscriptionStatus[]).includes(before.status)) {
        throw new AdminError('conflict', `A ${before.status} subscription cannot be ${rule.to}.`);
      }
      const now = Date.now();
      const decided = {
        status: rule.to,
        reason,
        decided_by: auditActor(principal),
        decided_at: now,
        updated_at: now,
      };
      await subscriptionRepository.update(db, before.id, decided);
      const view = subscriptionView({ ...before, ...decided, route_name: route.name });
      const was = subscriptionView({ ...before, route_name: route.name });
      return { result: view, audit: [subscriptionAudit(`subscription.${decision}`, before, was, view)] };
    },
  });
}

function subscriptionAudit(
  action: string,
  subject: SubscriptionsTable,
  before: SubscriptionView | null,
  after: SubscriptionView,
): MutationAudit {
  return {
    action,
    targetType: 'subscription',
    targetId: subject.id,
    tenantId: subject.tenant_id,
    before,
    after,
  };
}
