import { Type } from 'typebox';
import { routeNameSchema } from '../../config/config-schema.js';
import { routeSpecSchema } from '../../config/route-spec-schema.js';
import type { RoutesTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import type { Store } from '../../storage/open-store.js';
import type { AdminApp, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { EntityId, errorResponses, NoContent, Nullable, Page, PageQuery } from '../admin-schemas.js';
import { assertReservationOwner } from '../apply/assert-reservation-owner.js';
import { checkRouteSpec } from '../apply/check-resources.js';
import { assertRouteNameFreeOfProviders } from '../apply/check-route-name.js';
import { assertLifecycleTransition } from '../apply/lifecycle-transitions.js';
import { parseRouteSpec } from '../apply/route-spec.js';
import {
  LifecycleSchema,
  listedStates,
  loadVisibleRoute,
  RouteView,
  routeView,
  VisibilitySchema,
} from '../apply/route-view.js';
import { assertTenantRole } from '../authorize.js';
import { pageFetchSize, toPage } from '../paginate.js';

const tags = ['routes'];
const RouteParams = Type.Object({ id: EntityId });
const Description = Type.String({ maxLength: 2000 });
const RouteName = routeNameSchema;
/** Platform admins manage every route; a tenant admin manages the routes their tenant owns. */
function assertManages(principal: Principal, route: RoutesTable): void {
  if (principal.role !== 'platform_admin' && route.tenant_id !== principal.tenantId) {
    throw new AdminError('forbidden',
      'Only the owning tenant or a platform admin may change this route.',
    );
  }
  assertTenantRole(principal, route.tenant_id, 'tenant_admin');
}

/**
 * Whether this principal may claim `name`: never a provider's direct names; a tenant admin only
 * names under its own tenant's handle (`team-a/...`), so no tenant takes a name another
 * tenant's clients call. Platform admins claim any other name.
 */
async function assertNameClaimable(db: Store['db'], principal: Principal, name: string): Promise<void> {
  await assertRouteNameFreeOfProviders(db, name, 'name');
  if (principal.role === 'platform_admin') return;
  const tenant = await db
    .selectFrom('tenants')
    .select('name')
    .where('id', '=', principal.tenantId ?? '')
    .executeTakeFirst();
  const prefix = `${tenant?.name ?? ''}/`;
  if (tenant === undefined || !name.startsWith(prefix) || name.length === prefix.length) {
    throw new AdminError('forbidden',
      `Invalid 'name': a tenant admin names routes under '${prefix}' (e.g. '${prefix}my-model'); other names are claimed by platform admins.`,
    );
  }
}

/**
 * A shared route is called by other tenants: recording their request and response bodies is a
 * platform admin's decision, so a tenant admin may not turn on body logging on a shared route.
 */
function assertBodyLoggingAllowed(principal: Principal, route: RoutesTable): void {
  if (principal.role === 'platform_admin' || route.visibility !== 'shared' || route.log_bodies !== 1) return;
  throw new AdminError('forbidden',
    "Only a platform admin may log bodies of a shared route: other tenants' calls would be recorded.",
  );
}

async function assertTenantExists(db: Store['db'], tenantId: string | null): Promise<void> {
  if (tenantId === null) return;
  const row = await db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
  if (row === undefined)
    throw new AdminError('invalid_request', `Invalid 'tenant_id': no tenant ${tenantId}.`);
}

const CreateBody = Type.Object(
  {
    name: RouteName,
    spec: routeSpecSchema,
    tenant_id: Type.Optional(
      Nullable(
        Type.String({ description: "Owner; the caller's tenant (platform admins: none) when absent." }),
      ),
    ),
    visibility: Type.Optional(VisibilitySchema),
    lifecycle: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published')])),
    requires_approval: Type.Optional(Type.Boolean()),
    log_bodies: Type.Optional(Type.Boolean()),
    description: Type.Optional(Description),
  },
  { additionalProperties: false },
);

const PatchBody = Type.Object(
  {
    name: Type.Optional(RouteName),
    spec: Type.Optional(routeSpecSchema),
    tenant_id: Type.Optional(Nullable(Type.String({ description: 'New owner (platform admin only).' }))),
    visibility: Type.Optional(VisibilitySchema),
    lifecycle: Type.Optional(LifecycleSchema),
    requires_approval: Type.Optional(Type.Boolean()),
    log_bodies: Type.Optional(Type.Boolean()),
    description: Type.Optional(Description),
  },
  { additionalProperties: false },
);

/** Routes (services): the model names clients send, their targets and their catalogue state. */
export function registerRouteRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  const { store } = deps;

  app.post(
    '/api/admin/routes',
    {
      schema: {
        tags,
        summary: 'Create a route; new routes are draft and private unless the body says otherwise',
        body: CreateBody,
        response: { 201: RouteView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      const body = request.body;
      const tenantId = body.tenant_id === undefined ? principal.tenantId : body.tenant_id;
      assertTenantRole(principal, tenantId, 'tenant_admin');
      assertReservationOwner(principal, body.spec, undefined);
      const now = Date.now();
      const row: RoutesTable = {
        id: newEntityId('rte'),
        name: body.name,
        spec: JSON.stringify(body.spec),
        tenant_id: tenantId,
        visibility: body.visibility ?? 'private',
        lifecycle: body.lifecycle ?? 'draft',
        requires_approval: body.requires_approval === true ? 1 : 0,
        log_bodies: body.log_bodies === true ? 1 : 0,
        description: body.description ?? '',
        created_at: now,
        updated_at: now,
      };
      assertBodyLoggingAllowed(principal, row);
      await store.db.transaction().execute(async (trx) => {
        await assertTenantExists(trx, tenantId);
        await checkRouteSpec(trx, body.name, body.spec, 'spec');
        await assertNameClaimable(trx, principal, body.name);
        await assertNameFree(trx, body.name);
        await trx.insertInto('routes').values(row).execute();
        await deps.audit(trx, routeAudit(principal, 'route.create', null, row));
      });
      deps.changed();
      return reply.status(201).send(routeView(row));
    },
  );

  app.get(
    '/api/admin/routes',
    {
      schema: {
        tags,
        summary: "List routes: all for platform admins; else the tenant's own and shared published ones",
        querystring: Type.Object({ ...PageQuery.properties, lifecycle: Type.Optional(LifecycleSchema) }),
        response: { 200: Page(RouteView), ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      let query = store.db.selectFrom('routes').selectAll();
      if (principal.role !== 'platform_admin') {
        const tenantId = principal.tenantId ?? '';
        query = query.where((eb) =>
          eb.or([
            eb('tenant_id', '=', tenantId),
            eb.and([eb('visibility', '=', 'shared'), eb('lifecycle', 'in', listedStates)]),
          ]),
        );
      }
      if (request.query.lifecycle !== undefined)
        query = query.where('lifecycle', '=', request.query.lifecycle);
      if (request.query.cursor !== undefined) query = query.where('id', '>', request.query.cursor);
      const rows = await query.orderBy('id').limit(pageFetchSize(request.query)).execute();
      return toPage(rows, request.query, (row) => row.id, routeView);
    },
  );

  app.get(
    '/api/admin/routes/:id',
    {
      schema: {
        tags,
        summary: 'Get a route',
        params: RouteParams,
        response: { 200: RouteView, ...errorResponses },
      },
    },
    async (request) =>
      routeView(await loadVisibleRoute(store.db, deps.principal(request), request.params.id)),
  );

  app.patch(
    '/api/admin/routes/:id',
    {
      schema: {
        tags,
        summary:
          'Change a route; lifecycle moves draft → published → deprecated → retired (or back to published)',
        params: RouteParams,
        body: PatchBody,
        response: { 200: RouteView, ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      const body = request.body;
      const updated = await store.db.transaction().execute(async (trx) => {
        const before = await loadVisibleRoute(trx, principal, request.params.id);
        assertManages(principal, before);
        if (body.tenant_id !== undefined && body.tenant_id !== before.tenant_id) {
          if (principal.role !== 'platform_admin') {
            throw new AdminError('forbidden',
              'Only a platform admin may move a route to another owner.',
            );
          }
          await assertTenantExists(trx, body.tenant_id);
        }
        if (body.lifecycle !== undefined) assertLifecycleTransition(before.lifecycle, body.lifecycle);
        const name = body.name ?? before.name;
        if (name !== before.name) {
          await assertNameClaimable(trx, principal, name);
          await assertNameFree(trx, name);
        }
        if (body.spec !== undefined)
          assertReservationOwner(principal, body.spec, parseRouteSpec(before.spec));
        if (body.spec !== undefined || name !== before.name) {
          await checkRouteSpec(trx, name, body.spec ?? parseRouteSpec(before.spec), 'spec');
        }
        const after: RoutesTable = {
          ...before,
          name,
          spec: body.spec === undefined ? before.spec : JSON.stringify(body.spec),
          tenant_id: body.tenant_id === undefined ? before.tenant_id : body.tenant_id,
          visibility: body.visibility ?? before.visibility,
          lifecycle: body.lifecycle ?? before.lifecycle,
          requires_approval:
            body.requires_approval === undefined ? before.requires_approval : body.requires_approval ? 1 : 0,
          log_bodies: body.log_bodies === undefined ? before.log_bodies : body.log_bodies ? 1 : 0,
          description: body.description ?? before.description,
          updated_at: Date.now(),
        };
        if (body.log_bodies === true || body.visibility === 'shared')
          assertBodyLoggingAllowed(principal, after);
        await trx
          .updateTable('routes')
          .set({
            name: after.name,
            spec: after.spec,
            tenant_id: after.tenant_id,
            visibility: after.visibility,
            lifecycle: after.lifecycle,
            requires_approval: after.requires_approval,
            log_bodies: after.log_bodies,
            description: after.description,
            updated_at: after.updated_at,
          })
          .where('id', '=', before.id)
          .execute();
        await deps.audit(trx, routeAudit(principal, 'route.update', before, after));
        return after;
      });
      deps.changed();
      return routeView(updated);
    },
  );

  app.delete(
    '/api/admin/routes/:id',
    {
      schema: {
        tags,
        summary: 'Delete a draft or retired route with its subscriptions and limits',
        params: RouteParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      await store.db.transaction().execute(async (trx) => {
        const before = await loadVisibleRoute(trx, principal, request.params.id);
        assertManages(principal, before);
        if (before.lifecycle !== 'draft' && before.lifecycle !== 'retired') {
          throw new AdminError('conflict',
            `Route ${before.name} is ${before.lifecycle}; retire it first.`,
          );
        }
        await trx
          .deleteFrom('rate_limits')
          .where('scope', '=', 'route')
          .where('scope_id', '=', before.id)
          .execute();
        await trx.deleteFrom('routes').where('id', '=', before.id).execute();
        await deps.audit(trx, routeAudit(principal, 'route.delete', before, null));
      });
      deps.changed();
      return reply.status(204).send(null);
    },
  );
}

async function assertNameFree(db: Store['db'], name: string): Promise<void> {
  const row = await db.selectFrom('routes').select('id').where('name', '=', name).executeTakeFirst();
  if (row !== undefined) throw new AdminError('conflict', `A route named ${name} already exists.`);
}

function routeAudit(
  principal: Principal,
  action: string,
  before: RoutesTable | null,
  after: RoutesTable | null,
) {
  const subject = after ?? before;
  return {
    actor: principal,
    action,
    targetType: 'route',
    targetId: subject?.id ?? '',
    tenantId: subject?.tenant_id ?? null,
    before: before === null ? null : routeView(before),
    after: after === null ? null : routeView(after),
  };
}
