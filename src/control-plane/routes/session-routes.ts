import { Type } from 'typebox';
import { newEntityId, newSecret } from '../../storage/key-hasher.js';
import type { AdminApp, AdminRouteDeps } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { errorResponses, NoContent } from '../admin-schemas.js';
import { userView, UserView } from '../admin-views.js';
import { hashPassword, verifyPassword } from '../hash-password.js';
import { clearedSessionCookie, sessionCookie, sessionLifetimeMs } from '../session-cookie.js';

const Password = Type.String({ minLength: 8, maxLength: 1024 });
const tags = ['session'];

/** Login, logout, the current user and changing one's own password. */
export function registerSessionRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  const { store, hasher } = deps;

  app.post(
    '/api/admin/login',
    {
      schema: {
        tags,
        security: [],
        summary: 'Sign in; sets the portico_session cookie (12 h)',
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 200 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
        }),
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await store.db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', request.body.username)
        .executeTakeFirst();
      const valid = await verifyPassword(user?.password_hash, request.body.password);
      if (user === undefined || !valid || user.disabled === 1) {
        throw new AdminError(401, 'unauthenticated', 'Unknown user or wrong password.');
      }
      const { secret, prefix } = newSecret('ps');
      const now = Date.now();
      const id = newEntityId('ses');
      await store.db
        .insertInto('credentials')
        .values({
          id,
          kind: 'session',
          user_id: user.id,
          name: 'session',
          prefix,
          secret_hash: hasher.hash(secret),
          expires_at: now + sessionLifetimeMs,
          revoked_at: null,
          last_used_at: now,
          created_at: now,
        })
        .execute();
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
        await store.db
          .updateTable('credentials')
          .set({ revoked_at: Date.now() })
          .where('id', '=', principal.credentialId)
          .execute();
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
        summary: "Change one's own password; ends one's other sessions",
        body: Type.Object({ current: Type.String({ maxLength: 1024 }), new: Password }),
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
        throw new AdminError(400, 'invalid_request', 'The current password is wrong.');
      }
      const passwordHash = await hashPassword(request.body.new);
      const now = Date.now();
      await store.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, updated_at: now })
          .where('id', '=', user.id)
          .execute();
        await trx
          .updateTable('credentials')
          .set({ revoked_at: now })
          .where('user_id', '=', user.id)
          .where('kind', '=', 'session')
          .where('id', '!=', principal.credentialId)
          .where('revoked_at', 'is', null)
          .execute();
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
