import { Type, type Static } from 'typebox';
import type { Role, UsersTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import { credentialRepository } from '../../storage/repositories/credential-repository.js';
import type { Db } from '../../storage/repositories/db.js';
import { tenantRepository } from '../../storage/repositories/tenant-repository.js';
import { userRepository } from '../../storage/repositories/user-repository.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation, type MutationAudit } from '../admin-mutation.js';
import { BodyObject, EntityId, errorResponses, NoContent, Page, PageQuery } from '../admin-schemas.js';
import { userView, UserView } from '../admin-views.js';
import { assertTenantRole } from '../authorize.js';
import { hashPassword } from '../hash-password.js';
import { pageFetchSize, toPage } from '../paginate.js';

const tags = ['users'];
const RoleSchema = Type.Union([
  Type.Literal('platform_admin'),
  Type.Literal('tenant_admin'),
  Type.Literal('developer'),
  Type.Literal('viewer'),
]);
const Password = Type.String({ minLength: 8, maxLength: 1024 });
const UserParams = Type.Object({ userId: EntityId });
const CreateUserBody = BodyObject({
  username: Type.String({ minLength: 1, maxLength: 200 }),
  password: Password,
  role: RoleSchema,
  tenant_id: Type.Optional(EntityId),
});
const UserListQuery = Type.Intersect([PageQuery, Type.Object({ tenant_id: Type.Optional(EntityId) })]);
const UpdateUserBody = BodyObject({
  role: Type.Optional(RoleSchema),
  disabled: Type.Optional(Type.Boolean()),
  password: Type.Optional(Password),
});

const schemas = {
  create: {
    tags,
    summary: 'Create a user (tenant admins: in their own tenant)',
    body: CreateUserBody,
    response: { 201: UserView, ...errorResponses },
  },
  list: {
    tags,
    summary: 'List users (platform admin: all or one tenant; tenant admin: their tenant)',
    querystring: UserListQuery,
    response: { 200: Page(UserView), ...errorResponses },
  },
  get: { tags, summary: 'Get a user', params: UserParams, response: { 200: UserView, ...errorResponses } },
  update: {
    tags,
    summary:
      "Change a user's role, disable or enable them, or reset another user's password (ends their sessions and tokens; they must change it at sign-in)",
    params: UserParams,
    body: UpdateUserBody,
    response: { 200: UserView, ...errorResponses },
  },
  remove: {
    tags,
    summary: 'Delete a user and their sessions and tokens',
    params: UserParams,
    response: { 204: NoContent, ...errorResponses },
  },
};

/** User accounts (local, argon2id passwords); the data plane does not see them, so no reload. */
export const userRoutes: AdminPlugin = (app, deps) => {
  app.post('/api/admin/users', { schema: schemas.create }, async (request, reply) => {
    return reply.status(201).send(await createUser(deps, deps.principal(request), request.body));
  });
  app.get('/api/admin/users', { schema: schemas.list }, (request) =>
    listUsers(deps, deps.principal(request), request.query),
  );
  app.get('/api/admin/users/:userId', { schema: schemas.get }, async (request) => {
    const principal = deps.principal(request);
    const user = await loadUser(deps.store.db, request.params.userId);
    if (user.id !== principal.userId) assertManages(principal, user.tenant_id);
    return userView(user);
  });
  app.patch('/api/admin/users/:userId', { schema: schemas.update }, (request) =>
    updateUser(deps, deps.principal(request), request.params.userId, request.body),
  );
  app.delete('/api/admin/users/:userId', { schema: schemas.remove }, async (request, reply) => {
    await deleteUser(deps, deps.principal(request), request.params.userId);
    return reply.status(204).send(null);
  });
};

/**
 * Platform admins manage every user; tenant admins manage the users of their tenant (roles
 * tenant_admin, developer, viewer); another tenant's user answers 404, a lower role 403.
 */
function assertManages(principal: Principal, tenantId: string | null): void {
  if (principal.role === 'platform_admin') return;
  if (tenantId === null || tenantId !== principal.tenantId) throw new AdminError('not_found', 'Not found.');
  assertTenantRole(principal, tenantId, 'tenant_admin');
}

function assertMayGrant(principal: Principal, role: Role, tenantId: string | null): void {
  if (role === 'platform_admin' && principal.role !== 'platform_admin') {
    throw new AdminError('forbidden', 'Only a platform admin may grant platform_admin.');
  }
  if ((role === 'platform_admin') !== (tenantId === null)) {
    throw new AdminError(
      'invalid_request',
      'platform_admin users have no tenant; every other role needs one.',
    );
  }
}

/** A user may not change their own role, disable, or reset (rather than change) their own password. */
function assertNotSelf(principal: Principal, user: UsersTable, body: Static<typeof UpdateUserBody>): void {
  if (user.id !== principal.userId) return;
  if (body.role !== undefined || body.disabled !== undefined) {
    throw new AdminError('invalid_request', 'You cannot change your own role or disable yourself.');
  }
  if (body.password !== undefined) {
    throw new AdminError(
      'invalid_request',
      'Change your own password with PUT /api/admin/me/password, which needs the current one.',
    );
  }
}

async function loadUser(db: Db, id: string): Promise<UsersTable> {
  const row = await userRepository.find(db, id);
  if (row === undefined) throw new AdminError('not_found', `No user ${id}.`);
  return row;
}

async function createUser(
  deps: AdminRouteDeps,
  principal: Principal,
  body: Static<typeof CreateUserBody>,
): Promise<UserView> {
  const tenantId = body.tenant_id ?? (principal.role === 'platform_admin' ? null : principal.tenantId);
  assertManages(principal, tenantId);
  assertMayGrant(principal, body.role, tenantId);
  if (tenantId !== null && (await tenantRepository.find(deps.store.db, tenantId)) === undefined) {
    throw new AdminError('not_found', `No tenant ${tenantId}.`);
  }
  const now = Date.now();
  const row: UsersTable = {
    id: newEntityId('usr'),
    username: body.username,
    password_hash: await hashPassword(body.password),
    role: body.role,
    tenant_id: tenantId,
    disabled: 0,
    must_change_password: 0,
    created_at: now,
    updated_at: now,
  };
  return runAdminMutation(deps, {
    actor: principal,
    notify: false,
    async write(db) {
      await userRepository.insert(db, row);
      return { result: userView(row), audit: [userAudit('user.create', row, null, userView(row))] };
    },
  });
}

async function listUsers(deps: AdminRouteDeps, principal: Principal, query: Static<typeof UserListQuery>) {
  const tenantId = principal.role === 'platform_admin' ? query.tenant_id : principal.tenantId;
  if (principal.role !== 'platform_admin') assertManages(principal, query.tenant_id ?? principal.tenantId);
  const window = { after: query.cursor, limit: pageFetchSize(query) };
  const rows = await userRepository.list(deps.store.db, tenantId ?? undefined, window);
  return toPage(rows, query, (row) => row.id, userView);
}

async function updateUser(
  deps: AdminRouteDeps,
  principal: Principal,
  id: string,
  body: Static<typeof UpdateUserBody>,
): Promise<UserView> {
  const { role, disabled, password } = body;
  return runAdminMutation(deps, {
    actor: principal,
    notify: false,
    async write(db) {
      const before = await loadUser(db, id);
      assertManages(principal, before.tenant_id);
      assertNotSelf(principal, before, body);
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
      await userRepository.update(db, id, after);
      if (password !== undefined) await credentialRepository.revokeAllOfUser(db, id, after.updated_at);
      else if (disabled === true) await credentialRepository.revokeSessions(db, id, after.updated_at);
      const shown = { ...userView(after), ...(password === undefined ? {} : { password: 'reset' }) };
      return { result: userView(after), audit: [userAudit('user.update', before, userView(before), shown)] };
    },
  });
}

async function deleteUser(deps: AdminRouteDeps, principal: Principal, id: string): Promise<void> {
  await runAdminMutation(deps, {
    actor: principal,
    notify: false,
    async write(db) {
      const before = await loadUser(db, id);
      assertManages(principal, before.tenant_id);
      if (before.id === principal.userId)
        throw new AdminError('invalid_request', 'You cannot delete yourself.');
      await userRepository.remove(db, id);
      return { result: undefined, audit: [userAudit('user.delete', before, userView(before), null)] };
    },
  });
}

function userAudit(
  action: string,
  user: UsersTable,
  before: object | null,
  after: object | null,
): MutationAudit {
  return { action, targetType: 'user', targetId: user.id, tenantId: user.tenant_id, before, after };
}
