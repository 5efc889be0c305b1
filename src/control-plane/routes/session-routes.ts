import { setTimeout } from 'node:timers/promises';
import { Type } from 'typebox';
import { newEntityId, newSecret } from '../../storage/key-hasher.js';
import type { UsersTable } from '../../storage/database-schema.js';
import type { AdminApp, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { BodyObject, errorResponses, NoContent } from '../admin-schemas.js';
import { userView, UserView } from '../admin-views.js';
import { hashPassword, verifyPassword } from '../hash-password.js';
import type { LoginRefusal } from '../login-throttle.js';
import { revokeUserCredentials } from '../revoke-user-credentials.js';
import { clearedSessionCookie, sessionCookie, sessionLifetimeMs } from '../session-cookie.js';

const Password = Type.String({ minLength: 8, maxLength: 1024 });
const tags = ['session'];

/**
 * Login (throttled per username and client address, see LoginThrottle), logout, the current user
 * and changing one's own password. Sign-ins, failed and refused sign-ins and logouts are audited.
 */
export function registerSessionRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  const { store } = deps;

  app.post(
    '/api/admin/login',
    {
      schema: {
        tags,
        security: [],
        summary: 'Sign in; sets the portico_session cookie (12 h)',
        body: BodyObject({
          username: Type.String({ minLength: 1, maxLength: 200 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
        }),
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const attempt = deps.loginThrottle.begin(username, request.ip);
      if (!attempt.allowed) {
        const wait = attempt.retryAfterSeconds;
        await auditThrottled(deps, username, request.ip, attempt.reason, wait);
        const from = attempt.reason === 'address' ? 'from this address' : 'for this user from this address';
        throw new AdminError('too_many_attempts',
          `Too many failed sign-ins ${from}; try again in ${wait} s.`,
          { 'retry-after': String(wait) },
        );
      }
      // The username is under attack from elsewhere: every guess costs time, the owner still gets in.
      if (attempt.slowdownMs > 0) await setTimeout(attempt.slowdownMs);
      const slowed = attempt.slowdownMs > 0 ? { slowed_ms: attempt.slowdownMs } : {};
      const user = await store.db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      const valid = await verifyPassword(user?.password_hash, password);
      if (user === undefined || !valid || user.disabled === 1) {
        await deps.audit(store.db, {
          actor: 'anonymous',
          action: 'user.login_failed',
          targetType: 'user',
          targetId: user?.id ?? '',
          tenantId: user?.tenant_id ?? null,
          before: null,
          after: { username, address: request.ip, reason: failureReason(user, valid), ...slowed },
        });
        throw new AdminError('unauthenticated', 'Unknown user or wrong password.');
      }
      attempt.succeeded();
      const secret = await startSession(deps, user, { address: request.ip, ...slowed });
      void reply.header('set-cookie', sessionCookie(secret, request.protocol === 'https'));
      return userView(user);
    },
  );

  app.post(
    '/api/admin/logout',
    { schema: { tags, summary: 'End the current session', response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      const principal = deps.principal(request);
      if (principal.via === 'session') {
        await store.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('credentials')
            .set({ revoked_at: Date.now() })
            .where('id', '=', principal.credentialId)
            .execute();
          await deps.audit(trx, {
            actor: principal,
            action: 'user.logout',
            targetType: 'user',
            targetId: principal.userId,
            tenantId: principal.tenantId,
            before: null,
            after: { session: principal.credentialId },
          });
        });
      }
      return reply.header('set-cookie', clearedSessionCookie()).status(204).send(null);
    },
  );

  app.get(
    '/api/admin/me',
    { schema: { tags, summary: 'The signed-in user', response: { 200: UserView, ...errorResponses } } },
    async (request) => {
      const user = await store.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', deps.principal(request).userId)
        .executeTakeFirstOrThrow();
      return userView(user);
    },
  );

  app.put(
    '/api/admin/me/password',
    {
      schema: {
        tags,
        summary: "Change one's own password; ends one's other sessions and revokes one's admin tokens",
        body: BodyObject({ current: Type.String({ maxLength: 1024 }), new: Password }),
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      const user = await store.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', principal.userId)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(user.password_hash, request.body.current))) {
        throw new AdminError('invalid_request', 'The current password is wrong.');
      }
      if (request.body.new === request.body.current) {
        throw new AdminError('invalid_request', 'The new password must differ from the current one.');
      }
      const passwordHash = await hashPassword(request.body.new);
      const now = Date.now();
      await store.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, must_change_password: 0, updated_at: now })
          .where('id', '=', user.id)
          .execute();
        await revokeUserCredentials(trx, user.id, now, principal.credentialId);
        await deps.audit(trx, {
          actor: principal,
          action: 'user.password_change',
          targetType: 'user',
          targetId: user.id,
          tenantId: user.tenant_id,
          before: null,
          after: { password: 'changed' },
        });
      });
      return reply.status(204).send(null);
    },
  );
}

/** Audits a sign-in the throttle refused (its password was not checked). */
async function auditThrottled(
  deps: AdminRouteDeps,
  username: string,
  address: string,
  reason: LoginRefusal,
  retryAfterSeconds: number,
): Promise<void> {
  const user = await deps.store.db
    .selectFrom('users')
    .select(['id', 'tenant_id'])
    .where('username', '=', username)
    .executeTakeFirst();
  await deps.audit(deps.store.db, {
    actor: 'anonymous',
    action: 'user.login_throttled',
    targetType: 'user',
    targetId: user?.id ?? '',
    tenantId: user?.tenant_id ?? null,
    before: null,
    after: { username, address, reason, retry_after_s: retryAfterSeconds },
  });
}

/** Why a sign-in failed, for the audit log only (the client gets one answer for all three). */
function failureReason(user: UsersTable | undefined, valid: boolean): string {
  if (user === undefined) return 'unknown_user';
  return valid ? 'disabled' : 'wrong_password';
}

/** Creates a session for `user` and audits `user.login`; returns the cookie secret. */
async function startSession(
  deps: AdminRouteDeps,
  user: UsersTable,
  details: { address: string; slowed_ms?: number },
): Promise<string> {
  const { secret, prefix } = newSecret('ps');
  const now = Date.now();
  const id = newEntityId('ses');
  await deps.store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('credentials')
      .values({
        id,
        kind: 'session',
        user_id: user.id,
        name: 'session',
        prefix,
        secret_hash: deps.hasher.hash(secret),
        expires_at: now + sessionLifetimeMs,
        revoked_at: null,
        last_used_at: now,
        created_at: now,
      })
      .execute();
    const principal: Principal = {
      userId: user.id,
      username: user.username,
      role: user.role,
      tenantId: user.tenant_id,
      via: 'session',
      credentialId: id,
      mustChangePassword: user.must_change_password === 1,
    };
    await deps.audit(trx, {
      actor: principal,
      action: 'user.login',
      targetType: 'user',
      targetId: user.id,
      tenantId: user.tenant_id,
      before: null,
      after: { session: id, ...details },
    });
  });
  return secret;
}
