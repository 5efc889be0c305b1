import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../../core/gateway-error.js';
import type { Admitted, Passed } from '../../pipeline/context/phases.js';
import type { Stage } from '../../pipeline/stage.js';
import type { RestReceived } from '../rest-exchange.js';
import type { IpChecked } from './check-client-ip.js';
import { contentLength, tooLarge } from './meter-request-body.js';

/** The request matched the service's OpenAPI operation (or the service does not validate). */
export type RequestValidated = Passed<'validate request'>;

/** At most this many problems are quoted back; the rest are counted. */
const quotedProblems = 10;

/**
 * `validate_requests`: checks the call against the operation its route was imported from
 * (docs/rest-services.md, "Request validation"). Path parameters, query and headers go first,
 * without touching the body. A JSON body (`application/json`, `+json`) is then read whole, up to
 * the service's body limit, parsed and checked; the proxy sends that Buffer upstream. This is the
 * one case where a REST body is buffered: a schema can only judge a whole document. Other bodies
 * still stream. Refusals are 400 `invalid_request` quoting the validator's problems.
 */
export const validateRequest: Stage<RestReceived & Admitted & IpChecked, RequestValidated> = async (
  context,
) => {
  const exchange = context.rest;
  const { route, request } = exchange;
  const validator = route.service.validator;
  if (validator === undefined) return;
  const checked = {
    method: context.method,
    // The route's own path, as importOpenApi wrote it: the validator keys operations without the base path.
    pathTemplate: route.spec.path,
    params: { ...exchange.params },
    query: new URLSearchParams(context.query),
    headers: request.headers,
  };
  refuseAny(validator.validate(checked));
  if (!isJsonBody(request)) return;
  const body = await readWhole(context);
  exchange.readBody = body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new GatewayError('invalid_request', 'The request body is not valid JSON.');
  }
  refuseAny(validator.validate({ ...checked, body: parsed }));
};

function refuseAny(problems: string[]): void {
  if (problems.length === 0) return;
  const quoted = problems.slice(0, quotedProblems).join('; ');
  const more =
    problems.length > quotedProblems ? ` (and ${String(problems.length - quotedProblems)} more)` : '';
  throw new GatewayError('invalid_request', `The request does not match the API: ${quoted}${more}.`);
}

/** A body is coming (declared or chunked) and its media type is JSON. */
function isJsonBody(request: IncomingMessage): boolean {
  const declared = contentLength(request.headers);
  const hasBody = declared === undefined ? request.headers['transfer-encoding'] !== undefined : declared > 0;
  if (!hasBody) return false;
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[\w.!#$%&'*^`|~-]+\+json$/.test(type);
}

/** The whole body, refused with 413 once past the service's limit (declared or counted). */
async function readWhole(context: RestReceived): Promise<Buffer> {
  const exchange = context.rest;
  const { request, response } = exchange;
  const limit = exchange.route.service.maxBodyBytes;
  const declared = contentLength(request.headers);
  if (declared !== undefined && declared > limit) throw tooLarge(limit);
  if (exchange.expectsContinue) response?.writeContinue();
  const chunks: Buffer[] = [];
  let total = 0;
  // destroyOnReturn: false: a refusal must still be answered on this connection.
  for await (const chunk of request.iterator({ destroyOnReturn: false })) {
    const bytes = chunk as Buffer;
    total += bytes.length;
    // Counted here too, so a refused call's log row still shows what the client sent.
    exchange.bytesIn = total;
    if (total > limit) {
      exchange.bodyTooLarge = true;
      throw tooLarge(limit);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}
