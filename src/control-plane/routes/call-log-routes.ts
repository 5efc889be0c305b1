import { Type, type Static } from 'typebox';
import { findCall, queryCalls } from '../../telemetry/call-log/query-calls.js';
import { queryAnalytics, type AnalyticsDimension } from '../../telemetry/call-log/query-analytics.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { EntityId, errorResponses } from '../admin-schemas.js';
import { CallFilterProperties, scopeTenant, toCallQuery } from '../call-log-filters.js';

const CallView = Type.Object(
  {
    at: Type.Integer(),
    requestId: Type.String({ description: "Portico's id, sent as x-request-id." }),
    clientRequestId: Type.Union([Type.String(), Type.Null()], {
      description: 'The id the client sent (x-client-request-id); not unique across tenants.',
    }),
    tenantId: Type.Union([Type.String(), Type.Null()]),
    appId: Type.Union([Type.String(), Type.Null()]),
    keyId: Type.Union([Type.String(), Type.Null()]),
    keyPrefix: Type.Union([Type.String(), Type.Null()]),
    route: Type.Union([Type.String(), Type.Null()]),
    provider: Type.Union([Type.String(), Type.Null()]),
    model: Type.Union([Type.String(), Type.Null()]),
    endpoint: Type.String(),
    status: Type.Integer(),
    errorCode: Type.Union([Type.String(), Type.Null()]),
    latencyMs: Type.Number(),
    ttftMs: Type.Union([Type.Number(), Type.Null()]),
    inputTokens: Type.Integer(),
    outputTokens: Type.Integer(),
    cachedTokens: Type.Integer(),
    reasoningTokens: Type.Integer(),
    costUsd: Type.Number(),
    attempts: Type.Integer(),
    stream: Type.Boolean(),
    hasBodies: Type.Boolean(),
    rest: Type.Optional(
      Type.Object(
        {
          method: Type.String(),
          upstreamNode: Type.Union([Type.String(), Type.Null()]),
          upstreamMs: Type.Number({ description: "Milliseconds until the upstream's answer head." }),
          bytesIn: Type.Integer({ description: 'Request body bytes streamed to the upstream.' }),
          bytesOut: Type.Integer({ description: 'Response body bytes relayed to the client.' }),
        },
        {
          description: 'REST service calls only (docs/rest-services.md, "Call log, metrics and analytics").',
        },
      ),
    ),
    bodies: Type.Optional(Type.Object({ request: Type.String(), response: Type.String() })),
  },
  { description: 'One recorded call (docs/call-log.md).' },
);

const LogQuery = Type.Object({
  ...CallFilterProperties,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

const dimensions = ['tenant', 'app', 'route', 'provider', 'model'] as const;

// Bounds the rows one analytics query reads and returns (minute rollups are kept 2 days anyway).
const longestRangeMs = { minute: 2 * 86_400_000, hour: 92 * 86_400_000, day: 3_660 * 86_400_000 } as const;

const AnalyticsQuery = Type.Object({
  granularity: Type.Union([Type.Literal('minute'), Type.Literal('hour'), Type.Literal('day')]),
  from: Type.Integer({ minimum: 0, description: 'Epoch milliseconds, inclusive.' }),
  to: Type.Integer({ minimum: 0, description: 'Epoch milliseconds, exclusive.' }),
  group_by: Type.Optional(
    Type.String({
      pattern: '^((tenant|app|route|provider|model)(,|$))*$',
      description: 'e.g. `route,model`',
    }),
  ),
  tenant_id: Type.Optional(EntityId),
});

const AnalyticsRow = Type.Object({
  bucketStart: Type.Integer(),
  group: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
  requests: Type.Integer(),
  errors: Type.Integer(),
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  cachedTokens: Type.Integer(),
  reasoningTokens: Type.Integer(),
  costUsd: Type.Number(),
  latencyMean: Type.Number(),
  latencyP50: Type.Union([Type.Number(), Type.Null()]),
  latencyP95: Type.Union([Type.Number(), Type.Null()]),
  latencyP99: Type.Union([Type.Number(), Type.Null()]),
});

const schemas = {
  search: {
    tags: ['logs'],
    summary: 'Recorded calls, newest first',
    querystring: LogQuery,
    response: {
      200: Type.Object({
        items: Type.Array(CallView),
        next_cursor: Type.Union([Type.String(), Type.Null()]),
      }),
      ...errorResponses,
    },
  },
  get: {
    tags: ['logs'],
    summary: 'One call by its request id (x-request-id), with bodies when the route records them',
    params: Type.Object({ requestId: Type.String({ minLength: 1, maxLength: 128 }) }),
    response: { 200: CallView, ...errorResponses },
  },
  analytics: {
    tags: ['analytics'],
    summary: 'Requests, errors, tokens, cost and latency percentiles per time bucket and group',
    querystring: AnalyticsQuery,
    response: { 200: Type.Object({ items: Type.Array(AnalyticsRow) }), ...errorResponses },
  },
};

/** The call log (search, one call by request id) and analytics from the rollups. */
export const callLogRoutes: AdminPlugin = (app, deps) => {
  app.get('/api/admin/logs', { schema: schemas.search }, (request) =>
    searchCalls(deps, deps.principal(request), request.query),
  );
  app.get('/api/admin/logs/:requestId', { schema: schemas.get }, (request) =>
    getCall(deps, deps.principal(request), request.params.requestId),
  );
  app.get('/api/admin/analytics', { schema: schemas.analytics }, (request) =>
    analytics(deps, deps.principal(request), request.query),
  );
};

async function searchCalls(deps: AdminRouteDeps, principal: Principal, query: Static<typeof LogQuery>) {
  const page = await queryCalls(
    deps.store,
    toCallQuery(principal, query, { limit: query.limit ?? 50, cursor: query.cursor }),
  );
  return { items: page.items, next_cursor: page.nextCursor ?? null };
}

async function getCall(deps: AdminRouteDeps, principal: Principal, requestId: string) {
  const call = await findCall(deps.store, requestId, scopeTenant(principal, undefined));
  if (call === undefined) throw new AdminError('not_found', 'No call with that request id.');
  return call;
}

async function analytics(deps: AdminRouteDeps, principal: Principal, query: Static<typeof AnalyticsQuery>) {
  const tenantId = scopeTenant(principal, query.tenant_id);
  if (query.to <= query.from) throw new AdminError('invalid_request', "'to' must be after 'from'.");
  const longest = longestRangeMs[query.granularity];
  if (query.to - query.from > longest) {
    throw new AdminError(
      'invalid_request',
      `A ${query.granularity} query spans at most ${longest / 86_400_000} days; use a coarser granularity.`,
    );
  }
  const groupBy = (query.group_by ?? '')
    .split(',')
    .filter((name): name is AnalyticsDimension => (dimensions as readonly string[]).includes(name));
  const items = await queryAnalytics(deps.store, {
    granularity: query.granularity,
    from: query.from,
    to: query.to,
    groupBy,
    ...(tenantId === undefined ? {} : { tenantId }),
  });
  return { items };
}
