import { Type, type Static } from 'typebox';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { errorResponses } from '../admin-schemas.js';
import { applyDocument } from '../apply/apply-document.js';
import { exportDocument } from '../apply/export-document.js';
import { parseApplyDocument } from '../apply/parse-apply-document.js';
import { secretReferences } from '../apply/secret-references.js';
import { assertPlatformAdmin } from '../authorize.js';

const tags = ['config-as-code'];

const PlanEntry = Type.Object({
  kind: Type.String({ description: 'provider, route, tenant, app, key, subscription, limit or budget.' }),
  name: Type.String(),
  action: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('unchanged')]),
  fields: Type.Optional(Type.Array(Type.String(), { description: 'Changed fields of an update.' })),
});

const ApplyQuery = Type.Object({ dry_run: Type.Optional(Type.Boolean({ default: false })) });
const ApplyBody = Type.Object(
  {
    yaml: Type.String({ minLength: 1, maxLength: 5_000_000 }),
    env: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description: 'Values of the ${VAR} references in the document; the server environment is not used.',
      }),
    ),
  },
  { additionalProperties: false },
);

const schemas = {
  apply: {
    tags,
    summary: 'Apply a declarative YAML document (platform admin); non-destructive and idempotent',
    querystring: ApplyQuery,
    body: ApplyBody,
    response: {
      200: Type.Object({
        dry_run: Type.Boolean(),
        changes: Type.Integer(),
        entries: Type.Array(PlanEntry),
      }),
      ...errorResponses,
    },
  },
  export: {
    tags,
    summary: 'Export the store as a YAML document (platform admin); API keys are not exportable',
    response: { 200: Type.String({ description: 'YAML (text/yaml).' }), ...errorResponses },
  },
};

/** Config as code: apply a YAML document (with a dry run) and export the store as one. */
export const applyRoutes: AdminPlugin = (app, deps) => {
  app.post('/api/admin/apply', { schema: schemas.apply }, (request) =>
    apply(deps, deps.principal(request), request.query.dry_run === true, request.body),
  );
  app.get('/api/admin/export', { schema: schemas.export }, async (request, reply) => {
    assertPlatformAdmin(deps.principal(request));
    const text = await exportDocument(deps.store, deps.secrets);
    return reply.type('text/yaml; charset=utf-8').send(text);
  });
};

async function apply(
  deps: AdminRouteDeps,
  principal: Principal,
  dryRun: boolean,
  body: Static<typeof ApplyBody>,
) {
  assertPlatformAdmin(principal);
  const document = parseApplyDocument(body.yaml, body.env ?? {});
  const plan = await applyDocument(deps.store, deps, document, {
    dryRun,
    actor: principal,
    refs: secretReferences(body.yaml),
  });
  const changes = plan.filter((entry) => entry.action !== 'unchanged').length;
  if (!dryRun && changes > 0) deps.changed();
  return { dry_run: dryRun, changes, entries: plan };
}
