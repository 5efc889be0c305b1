import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { CallView } from '../../telemetry/call-log/call-record.js';
import { queryCalls, type CallQuery } from '../../telemetry/call-log/query-calls.js';
import type { AdminPlugin, AdminRouteDeps } from '../admin-context.js';
import { errorResponses } from '../admin-schemas.js';
import { CallFilterProperties, toCallQuery } from '../call-log-filters.js';

/** Rows one export holds at most: enough for a spreadsheet, bounded for the server. */
export const exportRowCap = 10_000;
/** Rows read per call-log page while streaming. */
const exportPageSize = 500;

const ExportQuery = Type.Object({
  ...CallFilterProperties,
  format: Type.Union([Type.Literal('csv'), Type.Literal('json')]),
  max_rows: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: exportRowCap,
      default: exportRowCap,
      description: 'At most 10,000.',
    }),
  ),
});

/** The CSV columns, in order; every CallView field but the bodies. */
const columns = [
  'at',
  'requestId',
  'clientRequestId',
  'tenantId',
  'appId',
  'keyId',
  'keyPrefix',
  'route',
  'provider',
  'model',
  'endpoint',
  'status',
  'errorCode',
  'latencyMs',
  'ttftMs',
  'inputTokens',
  'outputTokens',
  'cachedTokens',
  'reasoningTokens',
  'costUsd',
  'attempts',
  'stream',
] as const satisfies ReadonlyArray<keyof CallView>;

const schemas = {
  export: {
    tags: ['logs'],
    summary: 'The filtered calls as a CSV or JSON download, newest first, streamed (at most 10,000 rows)',
    querystring: ExportQuery,
    response: {
      // Streamed text: Fastify sends a stream as it is, never through the JSON serializer.
      200: Type.Unsafe<Readable>({
        type: 'string',
        description: 'CSV (header row first) or a JSON array of calls.',
      }),
      ...errorResponses,
    },
  },
};

/** Exports of the call log: the same filters and tenant scope as GET /api/admin/logs. */
export const callLogExportRoutes: AdminPlugin = (app, deps) => {
  app.get('/api/admin/logs/export', { schema: schemas.export }, async (request, reply) => {
    const { format } = request.query;
    const query = toCallQuery(deps.principal(request), request.query, { limit: exportPageSize });
    const rows = exportedCalls(deps, query, request.query.max_rows ?? exportRowCap);
    // The first page is read before answering, so a bad filter still answers a clear error.
    const first = await rows.next();
    const stream = Readable.from(format === 'csv' ? csvLines(first, rows) : jsonText(first, rows));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return reply
      .header(
        'content-type',
        format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      )
      .header('content-disposition', `attachment; filename="portico-calls-${stamp}.${format}"`)
      .header('cache-control', 'no-store')
      .send(stream);
  });
};

/** Matching calls, page after page, until the cap or the last page. */
async function* exportedCalls(deps: AdminRouteDeps, query: CallQuery, cap: number): AsyncGenerator<CallView> {
  let sent = 0;
  let cursor = query.cursor;
  for (;;) {
    const limit = Math.min(exportPageSize, cap - sent);
    const page = await queryCalls(deps.store, {
      ...query,
      limit,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const call of page.items) yield call;
    sent += page.items.length;
    if (page.nextCursor === undefined || sent >= cap) return;
    cursor = page.nextCursor;
  }
}

async function* csvLines(
  first: IteratorResult<CallView>,
  rest: AsyncGenerator<CallView>,
): AsyncGenerator<string> {
  yield `${columns.join(',')}\r\n`;
  if (first.done === true) return;
  yield csvLine(first.value);
  for await (const call of rest) yield csvLine(call);
}

function csvLine(call: CallView): string {
  return `${columns.map((column) => csvField(column === 'at' ? new Date(call.at).toISOString() : call[column])).join(',')}\r\n`;
}

/**
 * RFC 4180 quoting; text starting with = + - @ gets a leading quote mark so a spreadsheet does not
 * run it as a formula (ids and route names come from callers).
 */
function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function* jsonText(
  first: IteratorResult<CallView>,
  rest: AsyncGenerator<CallView>,
): AsyncGenerator<string> {
  if (first.done === true) {
    yield '[]\n';
    return;
  }
  yield `[\n${JSON.stringify(first.value)}`;
  for await (const call of rest) yield `,\n${JSON.stringify(call)}`;
  yield '\n]\n';
}
