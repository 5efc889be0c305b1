import { Type } from 'typebox';
import type { Role, UsersTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import type { Store } from '../../storage/open-store.js';
import type { AdminApp, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { BodyObject, EntityId, errorResponses, NoContent, Page, PageQuery } from '../admin-schemas.js';
import { userView, UserView } from '../admin-views.js';
import { assertTenantRole } from '../authorize.js';
import { hashPassword } from '../hash-password.js';
import { pageFetchSize, toPage } from '../paginate.js';
import { revokeUserCredentials } from '../revoke-user-credentials.js';

const tags = ['users'];
const RoleSchema = Type.Union([
  Type.Literal('platform_admin'),
  Type.Literal('tenant_admin'),
  Type.Literal('developer'),
  Type.Literal('viewer'),
]);
const Password = Type.String({ minLength: 8, maxLength: 1024 });
const UserParams = Type.Object({ userId: EntityId });

/**
 * Platform admins manage every user; tenant admins manage the users of their tenant (roles
 * tenant_admin, developer, viewer); another tenant's user answers 404, a lower role 403.
 */
function assertManages(principal: Principal, tenantId: string | null): void {
  if (principal.role === 'platform_admin') return;
  if (tenantId === null || tenantId !== principal.tenantId)
    throw new AdminError('not_found', 'Not found.');
  assertTenantRole(principal, tenantId, 'tenant_admin');
}

function assertMayGrant(principal: Principal, role: Role, tenantId: string | null): void {
  if (role === 'platform_admin' && principal.role !== 'platform_admin') {
    throw new AdminError('forbidden', 'Only a platform admin may grant platform_admin.');
  }
  if ((role === 'platform_admin') !== (tenantId === null)) {
    throw new AdminError('invalid_request',
      'platform_admin users have no tenant; every other role needs one.',
    );
  }
}

async function loadUser(db: Store['db'], id: string): Promise<UsersTable> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new AdminError('not_found', `No user ${id}.`);
  return row;
}

/** User accounts (local, argon2id passwords). */
export function registerUserRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  const { store } = deps;

  app.post(
    '/api/admin/users',
    {
      schema: {
        tags,
        summary: 'Create a user (tenant admins: in their own tenant)',
        body: BodyObject({
          username: Type.String({ minLength: 1, maxLength: 200 }),
          password: Password,
          role: RoleSchema,
          tenant_id: Type.Optional(EntityId),
        }),
        response: { 201: UserView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      const tenantId =
        request.body.tenant_id ?? (principal.role === 'platform_admin' ? null : principal.tenantId);
      assertManages(principal, tenantId);
      assertMayGrant(principal, request.body.role, tenantId);
      if (tenantId !== null) {
        const tenant = await store.db
          .selectFrom('tenants')
          .select('id')
          .where('id', '=', tenantId)
          .executeTakeFirst();
        if (tenant === undefined) throw new AdminError('not_found', `No tenant ${tenantId}.`);
      }
      const now = Date.now();
      const row: UsersTable = {
        id: newEntityId('usr'),
        username: request.body.username,
        password_hash: await hashPassword(request.body.password),
        role: request.body.role,
        tenant_id: tenantId,
        disabled: 0,
        must_change_password: 0,
        created_at: now,
        updated_at: now,
      };
      await store.db.transaction().execute(async (trx) => {
        await trx.insertInto('users').values(row).execute();
        await deps.audit(trx, {
          actor: principal,
          action: 'user.create',
          targetType: 'user',
          targetId: row.id,
          tenantId,
          before: null,
          after: userView(row),
        });
      });
      return reply.status(201).send(userView(row));
    },
  );

  app.get(
    '/api/admin/users',
    {
      schema: {
        tags,
        summary: 'List users (platform admin: all or one tenant; tenant admin: their tenant)',
        querystring: Type.Intersect([PageQuery, Type.Object({ tenant_id: Type.Optional(EntityId) })]),
        response: { 200: Page(UserView), ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      const tenantId = principal.role === 'platform_admin' ? request.query.tenant_id : principal.tenantId;
      if (principal.role !== 'platform_admin') {
        assertManages(principal, request.query.tenant_id ?? principal.tenantId);
      }
      let query = store.db.selectFrom('users').selectAll();
      if (tenantId !== undefined && tenantId !== null) query = query.where('tenant_id', '=', tenantId);
      if (request.query.cursor !== undefined) query = query.where('id', '>', request.query.cursor);
      const rows = await query.orderBy('id').limit(pageFetchSize(request.query)).execute();
      return toPage(rows, request.query, (row) => row.id, userView);
    },
  );

  app.get(
    '/api/admin/users/:userId',
    {
      schema: {
        tags,
        summary: 'Get a user',
        params: UserParams,
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      const user = await loadUser(store.db, request.params.userId);
      if (user.id !== principal.userId) assertManages(principal, user.tenant_id);
      return userView(user);
    },
  );

  app.patch(
    '/api/admin/users/:userId',
    {
      schema: {
        tags,
        summary:
          "Change a user's role, disable or enable them, or reset another user's password (ends their sessions and tokens; they must change it at sign-in)",
        params: UserParams,
        body: BodyObject({
          role: Type.Optional(RoleSchema),
          disabled: Type.Optional(Type.Boolean()),
          password: Type.Optional(Password),
        }),
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      const { role, disabled, password } = request.body;
      const updated = await store.db.transaction().execute(async (trx) => {
        const before = await loadUser(trx, request.params.userId);
        assertManages(principal, before.tenant_id);
        if (before.id === principal.userId && (role !== undefined || disabled !== undefined)) {
          throw new AdminError('invalid_request',
            'You cannot change your own role or disable yourself.',
          );
        }
        if (before.id === principal.userId && password !== undefined) {
          throw new AdminError('invalid_request',
            'Change your own password with PUT /api/admin/me/password, which needs the current one.',
          );
        }
        if (role !== undefined) assertMayGrant(principal, role, before.tenant_id);
        const after: UsersTable = {
          ...before,
          role: role ?? before.role,
          disabled: disabled === undefined ? before.disabled : Number(disabled),
          password_hash: password === undefined ? before.password_hash : await hashPassword(password),
          // Whoever reset it knows it: the user's first sign-in must replace it.
          must_change_password: password === undefined ? before.must_change_password : 1,
          updated_at: Date.now(),
        };
        await trx
          .updateTable('users')
          .set({
            role: after.role,
            disabled: after.disabled,
            password_hash: after.password_hash,
            must_change_password: after.must_change_password,
            updated_at: after.updated_at,
          })
          .where('id', '=', before.id)
          .execute();
        if (password !== undefined) await revokeUserCredentials(trx, before.id, after.updated_at);
        else if (disabled === true) {
          await trx
            .updateTable('credentials')
            .set({ revoked_at: after.updated_at })
            .where('user_id', '=', before.id)
            .where('kind', '=', 'session')
            .where('revoked_at', 'is', null)
            .execute();
        }
        await deps.audit(trx, {
          actor: principal,
          action: 'user.update',
          targetType: 'user',
          targetId: before.id,
          tenantId: before.tenant_id,
          before: userView(before),
          after: { ...userView(after), ...(password === undefined ? {} : { password: 'reset' }) },
        });
        return after;
      });
      return userView(updated);
    },
  );

  app.delete(
    '/api/admin/users/:userId',
    {
      schema: {
        tags,
        summary: 'Delete a user and their sessions and tokens',
        params: UserParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      await store.db.transaction().execute(async (trx) => {
        const before = await loadUser(trx, request.params.userId);
        assertManages(principal, before.tenant_id);
        if (before.id === principal.userId) {
          throw new AdminError('invalid_request', 'You cannot delete yourself.');
        }
        await trx.deleteFrom('users').where('id', '=', before.id).execute();
        await deps.audit(trx, {
          actor: principal,
          action: 'user.delete',
          targetType: 'user',
          targetId: before.id,
          tenantId: before.tenant_id,
          before: userView(before),
          after: null,
        });
      });
      return reply.status(204).send(null);
    },
  );
}
