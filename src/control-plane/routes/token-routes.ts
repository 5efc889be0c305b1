import { Type, type Static } from 'typebox';
import { newEntityId, newSecret } from '../../storage/key-hasher.js';
import { credentialRepository } from '../../storage/repositories/credential-repository.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation, type MutationAudit } from '../admin-mutation.js';
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
type TokenView = Static<typeof TokenView>;
const NewToken = Type.Intersect([TokenView, Type.Object({ token: Type.String() })]);
const tags = ['admin tokens'];
const dayMs = 24 * 60 * 60 * 1000;
/** An admin token's lifetime when `expires_in_days` is absent, in days. */
export const defaultTokenLifetimeDays = 90;
/** The longest `expires_in_days` accepted: a leaked token must not work for years. */
export const maxTokenLifetimeDays = 365;
const CreateTokenBody = BodyObject({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  expires_in_days: Type.Optional(Type.Integer({ minimum: 1, maximum: maxTokenLifetimeDays })),
});

function tokenView(row: CredentialsTable): TokenView {
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

const schemas = {
  create: {
    tags,
    summary: `Create an admin token (expires in ${defaultTokenLifetimeDays} days unless told, at most ${maxTokenLifetimeDays}); its secret is shown only in this response`,
    body: CreateTokenBody,
    response: { 201: NewToken, ...errorResponses },
  },
  list: {
    tags,
    summary: "The caller's own admin tokens (prefix only)",
    querystring: PageQuery,
    response: { 200: Page(TokenView), ...errorResponses },
  },
  revoke: {
    tags,
    summary: 'Revoke one of the caller’s admin tokens',
    params: Type.Object({ id: EntityId }),
    response: { 204: NoContent, ...errorResponses },
  },
};

/**
 * Admin tokens (`pat-…`) for automation: each user manages their own; they act with the user's
 * role, expire, and are revoked when the user's password changes or is reset.
 */
export const tokenRoutes: AdminPlugin = (app, deps) => {
  app.post('/api/admin/tokens', { schema: schemas.create }, async (request, reply) => {
    return reply.status(201).send(await createToken(deps, deps.principal(request), request.body));
  });
  app.get('/api/admin/tokens', { schema: schemas.list }, async (request) => {
    const window = { after: request.query.cursor, limit: pageFetchSize(request.query) };
    const rows = await credentialRepository.listTokens(deps.store.db, deps.principal(request).userId, window);
    return toPage(rows, request.query, (row) => row.id, tokenView);
  });
  app.delete('/api/admin/tokens/:id', { schema: schemas.revoke }, async (request, reply) => {
    await revokeToken(deps, deps.principal(request), request.params.id);
    return reply.status(204).send(null);
  });
};

async function createToken(
  deps: AdminRouteDeps,
  principal: Principal,
  body: Static<typeof CreateTokenBody>,
): Promise<Static<typeof NewToken>> {
  const { secret, prefix } = newSecret('pat');
  const now = Date.now();
  const days = body.expires_in_days ?? defaultTokenLifetimeDays;
  const row: CredentialsTable = {
    id: newEntityId('pat'),
    kind: 'token',
    user_id: principal.userId,
    name: body.name,
    prefix,
    secret_hash: deps.hasher.hash(secret),
    expires_at: now + days * dayMs,
    revoked_at: null,
    last_used_at: null,
    created_at: now,
  };
  return runAdminMutation(deps, {
    actor: principal,
    notify: false,
    async write(db) {
      await credentialRepository.insert(db, row);
      const audit = tokenAudit('token.create', principal, row.id, null, tokenView(row));
      return { result: { ...tokenView(row), token: secret }, audit: [audit] };
    },
  });
}

/** Revokes one of the caller's tokens; revoking a revoked token changes and audits nothing. */
async function revokeToken(deps: AdminRouteDeps, principal: Principal, id: string): Promise<void> {
  const row = await credentialRepository.findToken(deps.store.db, principal.userId, id);
  if (row === undefined) throw new AdminError('not_found', `No admin token ${id}.`);
  if (row.revoked_at !== null) return;
  const now = Date.now();
  await runAdminMutation(deps, {
    actor: principal,
    notify: false,
    async write(db) {
      await credentialRepository.revoke(db, row.id, now);
      const after = { ...tokenView(row), revoked_at: now };
      return {
        result: undefined,
        audit: [tokenAudit('token.revoke', principal, row.id, tokenView(row), after)],
      };
    },
  });
}

function tokenAudit(
  action: string,
  principal: Principal,
  id: string,
  before: TokenView | null,
  after: TokenView | null,
): MutationAudit {
  return { action, targetType: 'admin_token', targetId: id, tenantId: principal.tenantId, before, after };
}
