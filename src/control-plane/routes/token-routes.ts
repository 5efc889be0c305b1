import { Type } from 'typebox';
import { newEntityId, newSecret } from '../../storage/key-hasher.js';
import type { AdminApp, AdminRouteDeps } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import {
  BodyObject,
  EntityId,
  errorResponses,
  NoContent,
  Nullable,
  Page,
  PageQuery,
} from '../admin-schemas.js';
import type { CredentialsTable } from '../../storage/database-schema.js';
import { pageFetchSize, toPage } from '../paginate.js';

const TokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  expires_at: Nullable(Type.Integer()),
  revoked_at: Nullable(Type.Integer()),
  last_used_at: Nullable(Type.Integer()),
  created_at: Type.Integer(),
});
const tags = ['admin tokens'];
const dayMs = 24 * 60 * 60 * 1000;
/** An admin token's lifetime when `expires_in_days` is absent, in days. */
export const defaultTokenLifetimeDays = 90;
/** The longest `expires_in_days` accepted: a leaked token must not work for years. */
export const maxTokenLifetimeDays = 365;

function tokenView(row: CredentialsTable) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    expires_at: row.expires_at,
    revoked_at: row.revoked_at,
    last_used_at: row.last_used_at,
    created_at: row.created_at,
  };
}

/**
 * Admin tokens (`pat-…`) for automation: each user manages their own; they act with the user's
 * role, expire, and are revoked when the user's password changes or is reset.
 */
export function registerTokenRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  const { store } = deps;

  app.post(
    '/api/admin/tokens',
    {
      schema: {
        tags,
        summary: `Create an admin token (expires in ${defaultTokenLifetimeDays} days unless told, at most ${maxTokenLifetimeDays}); its secret is shown only in this response`,
        body: BodyObject({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          expires_in_days: Type.Optional(Type.Integer({ minimum: 1, maximum: maxTokenLifetimeDays })),
        }),
        response: {
          201: Type.Intersect([TokenView, Type.Object({ token: Type.String() })]),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      const { secret, prefix } = newSecret('pat');
      const now = Date.now();
      const days = request.body.expires_in_days ?? defaultTokenLifetimeDays;
      const row: CredentialsTable = {
        id: newEntityId('pat'),
        kind: 'token',
        user_id: principal.userId,
        name: request.body.name,
        prefix,
        secret_hash: deps.hasher.hash(secret),
        expires_at: now + days * dayMs,
        revoked_at: null,
        last_used_at: null,
        created_at: now,
      };
      await store.db.transaction().execute(async (trx) => {
        await trx.insertInto('credentials').values(row).execute();
        await deps.audit(trx, {
          actor: principal,
          action: 'token.create',
          targetType: 'admin_token',
          targetId: row.id,
          tenantId: principal.tenantId,
          before: null,
          after: tokenView(row),
        });
      });
      return reply.status(201).send({ ...tokenView(row), token: secret });
    },
  );

  app.get(
    '/api/admin/tokens',
    {
      schema: {
        tags,
        summary: "The caller's own admin tokens (prefix only)",
        querystring: PageQuery,
        response: { 200: Page(TokenView), ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      let query = store.db
        .selectFrom('credentials')
        .selectAll()
        .where('user_id', '=', principal.userId)
        .where('kind', '=', 'token');
      if (request.query.cursor !== undefined) query = query.where('id', '>', request.query.cursor);
      const rows = await query.orderBy('id').limit(pageFetchSize(request.query)).execute();
      return toPage(rows, request.query, (row) => row.id, tokenView);
    },
  );

  app.delete(
    '/api/admin/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke one of the caller’s admin tokens',
        params: Type.Object({ id: EntityId }),
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      const row = await store.db
        .selectFrom('credentials')
        .selectAll()
        .where('id', '=', request.params.id)
        .where('user_id', '=', principal.userId)
        .where('kind', '=', 'token')
        .executeTakeFirst();
      if (row === undefined) throw new AdminError('not_found', `No admin token ${request.params.id}.`);
      if (row.revoked_at === null) {
        const now = Date.now();
        await store.db.transaction().execute(async (trx) => {
          await trx.updateTable('credentials').set({ revoked_at: now }).where('id', '=', row.id).execute();
          await deps.audit(trx, {
            actor: principal,
            action: 'token.revoke',
            targetType: 'admin_token',
            targetId: row.id,
            tenantId: principal.tenantId,
            before: tokenView(row),
            after: { ...tokenView(row), revoked_at: now },
          });
        });
      }
      return reply.status(204).send(null);
    },
  );
}
