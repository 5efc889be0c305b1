import { setTimeout } from 'node:timers/promises';
import { Type, type Static } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { newEntityId, newSecret } from '../../storage/key-hasher.js';
import type { UsersTable } from '../../storage/database-schema.js';
import { credentialRepository } from '../../storage/repositories/credential-repository.js';
import { userRepository } from '../../storage/repositories/user-repository.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation } from '../admin-mutation.js';
import { BodyObject, errorResponses, NoContent } from '../admin-schemas.js';
import { userView, UserView } from '../admin-views.js';
import { hashPassword, verifyPassword } from '../hash-password.js';
import type { LoginRefusal } from '../login-throttle.js';
import { clearedSessionCookie, sessionCookie, sessionLifetimeMs } from '../session-cookie.js';

const Password = Type.String({ minLength: 8, maxLength: 1024 });
const tags = ['session'];
const LoginBody = BodyObject({
  username: Type.String({ minLength: 1, maxLength: 200 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});
const ChangePasswordBody = BodyObject({ current: Type.String({ maxLength: 1024 }), new: Password });

const schemas = {
  login: {
    tags,
    security: [],
    summary: 'Sign in; sets the portico_session cookie (12 h)',
    body: LoginBody,
    response: { 200: UserView, ...errorResponses },
  },
  logout: { tags, summary: 'End the current session', response: { 204: NoContent, ...errorResponses } },
  me: { tags, summary: 'The signed-in user', response: { 200: UserView, ...errorResponses } },
  changePassword: {
    tags,
    summary: "Change one's own password; ends one's other sessions and revokes one's admin tokens",
    body: ChangePasswordBody,
    response: { 204: NoContent, ...errorResponses },
  },
};

/**
 * Login (throttled per username and client address, see LoginThrottle), logout, the current user
 * and changing one's own password. Sign-ins, failed and refused sign-ins and logouts are audited.
 */
export const sessionRoutes: AdminPlugin = (app, deps) => {
  app.post('/api/admin/login', { schema: schemas.login }, async (request, reply) => {
    const signedIn = await login(deps, request, request.body);
    void reply.header('set-cookie', sessionCookie(signedIn.secret, request.protocol === 'https'));
    return userView(signedIn.user);
  });
  app.post('/api/admin/logout', { schema: schemas.logout }, async (request, reply) => {
    await logout(deps, deps.principal(request));
    return reply.header('set-cookie', clearedSessionCookie()).status(204).send(null);
  });
  app.get('/api/admin/me', { schema: schemas.me }, async (request) =>
    userView(await currentUser(deps, deps.principal(request))),
  );
  app.put('/api/admin/me/password', { schema: schemas.changePassword }, async (request, reply) => {
    await changeOwnPassword(deps, deps.principal(request), request.body);
    return reply.status(204).send(null);
  });
};

/** Checks the throttle and the password; on success starts a session (its cookie secret is returned). */
async function login(
  deps: AdminRouteDeps,
  request: FastifyRequest,
  body: Static<typeof LoginBody>,
): Promise<{ user: UsersTable; secret: string }> {
  const { username, password } = body;
  const attempt = deps.loginThrottle.begin(username, request.ip);
  if (!attempt.allowed) {
    const wait = attempt.retryAfterSeconds;
    await auditThrottled(deps, username, request.ip, attempt.reason, wait);
    const from = attempt.reason === 'address' ? 'from this address' : 'for this user from this address';
    throw new AdminError('too_many_attempts', `Too many failed sign-ins ${from}; try again in ${wait} s.`, {
      'retry-after': String(wait),
    });
  }
  // The username is under attack from elsewhere: every guess costs time, the owner still gets in.
  if (attempt.slowdownMs > 0) await setTimeout(attempt.slowdownMs);
  const slowed = attempt.slowdownMs > 0 ? { slowed_ms: attempt.slowdownMs } : {};
  const user = await userRepository.findByUsername(deps.store.db, username);
  const valid = await verifyPassword(user?.password_hash, password);
  if (user === undefined || !valid || user.disabled === 1) {
    const reason = failureReason(user, valid);
    await auditAnonymous(deps, 'user.login_failed', user, {
      username,
      address: request.ip,
      reason,
      ...slowed,
    });
    throw new AdminError('unauthenticated', 'Unknown user or wrong password.');
  }
  attempt.succeeded();
  const secret = await startSession(deps, user, { address: request.ip, ...slowed });
  return { user, secret };
}

/** Ends the caller's session; an admin token has none, so nothing happens for it. */
async function logout(deps: AdminRouteDeps, principal: Principal): Promise<void> {
  if (principal.via !== 'session') return;
  await runAdminMutation(deps, {
    actor: principal,
    notify: false,
    async write(db) {
      await credentialRepository.revoke(db, principal.credentialId, Date.now());
      const audit = {
        action: 'user.logout',
        targetType: 'user',
        targetId: principal.userId,
        tenantId: principal.tenantId,
        before: null,
        after: { session: principal.credentialId },
      };
      return { result: undefined, audit: [audit] };
    },
  });
}

async function currentUser(deps: AdminRouteDeps, principal: Principal): Promise<UsersTable> {
  const user = await userRepository.find(deps.store.db, principal.userId);
  // The principal was read from this row a moment ago: its absence is a broken store, not a 404.
  if (user === undefined) throw new Error(`The signed-in user ${principal.userId} is gone.`);
  return user;
}

async function changeOwnPassword(
  deps: AdminRouteDeps,
  principal: Principal,
  body: Static<typeof ChangePasswordBody>,
): Promise<void> {
  const user = await currentUser(deps, principal);
  if (!(await verifyPassword(user.password_hash, body.current))) {
    throw new AdminError('invalid_request', 'The current password is wrong.');
  }
  if (body.new === body.current) {
    throw new AdminError('invalid_request', 'The new password must differ from the current one.');
  }
  const passwordHash = await hashPassword(body.new);
  const now = Date.now();
  await runAdminMutation(deps, {
    actor: principal,
    notify: false,
    async write(db) {
      await userRepository.update(db, user.id, {
        password_hash: passwordHash,
        must_change_password: 0,
        updated_at: now,
      });
      await credentialRepository.revokeAllOfUser(db, user.id, now, principal.credentialId);
      const audit = {
        action: 'user.password_change',
        targetType: 'user',
        targetId: user.id,
        tenantId: user.tenant_id,
        before: null,
        after: { password: 'changed' },
      };
      return { result: undefined, audit: [audit] };
    },
  });
}

/** Audits a sign-in the throttle refused (its password was not checked). */
async function auditThrottled(
  deps: AdminRouteDeps,
  username: string,
  address: string,
  reason: LoginRefusal,
  retryAfterSeconds: number,
): Promise<void> {
  const user = await userRepository.findByUsername(deps.store.db, username);
  await auditAnonymous(deps, 'user.login_throttled', user, {
    username,
    address,
    reason,
    retry_after_s: retryAfterSeconds,
  });
}

/** Audits a sign-in that let no one in: by `anonymous`, about the user named, if there is one. */
async function auditAnonymous(
  deps: AdminRouteDeps,
  action: string,
  user: UsersTable | undefined,
  after: object,
): Promise<void> {
  await deps.audit(deps.store.db, {
    actor: 'anonymous',
    action,
    targetType: 'user',
    targetId: user?.id ?? '',
    tenantId: user?.tenant_id ?? null,
    before: null,
    after,
  });
}

/** Why a sign-in failed, for the audit log only (the client gets one answer for all three). */
function failureReason(user: UsersTable | undefined, valid: boolean): string {
  if (user === undefined) return 'unknown_user';
  return valid ? 'disabled' : 'wrong_password';
}

/** Creates a session for `user` and audits `user.login` as that session; returns the cookie secret. */
async function startSession(
  deps: AdminRouteDeps,
  user: UsersTable,
  details: { address: string; slowed_ms?: number },
): Promise<string> {
  const { secret, prefix } = newSecret('ps');
  const now = Date.now();
  const id = newEntityId('ses');
  await runAdminMutation(deps, {
    actor: sessionPrincipal(user, id),
    notify: false,
    async write(db) {
      await credentialRepository.insert(db, {
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
      });
      const audit = {
        action: 'user.login',
        targetType: 'user',
        targetId: user.id,
        tenantId: user.tenant_id,
        before: null,
        after: { session: id, ...details },
      };
      return { result: undefined, audit: [audit] };
    },
  });
  return secret;
}

/** Who the new session `id` of `user` is, as the audit of its sign-in names it. */
function sessionPrincipal(user: UsersTable, id: string): Principal {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    tenantId: user.tenant_id,
    via: 'session',
    credentialId: id,
    mustChangePassword: user.must_change_password === 1,
  };
}
