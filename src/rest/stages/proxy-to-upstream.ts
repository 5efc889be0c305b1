import type { ServerResponse } from 'node:http';
import { GatewayError, toGatewayError } from '../../core/gateway-error.js';
import type { Admitted, Responded } from '../../pipeline/context/phases.js';
import type { Stage } from '../../pipeline/stage.js';
import { editHeaders } from '../transform/edit-headers.js';
import { responseHeadersForClient } from '../transform/proxy-headers.js';
import type { RestExchange, RestReceived } from '../rest-exchange.js';
import type { UpstreamCall, UpstreamReply } from '../upstream/upstream-set.js';
import type { IpChecked } from './check-client-ip.js';
import { hashKeyOf, upstreamRequest } from './upstream-request.js';
import { contentLength, loggedBodyChars, RequestBodyMeter, sample, tooLarge } from './meter-request-body.js';
import { relayBody } from './relay-body.js';

/** What the proxy stage needs: an admitted call from an allowed address. */
export type ProxyInput = RestReceived & Admitted & IpChecked;

function ignore(): void {}

/**
 * The call-upstream and respond phases of a REST call, in one stage since the answer is relayed
 * as it arrives: the client's body streams to the upstream (metered against the body limit),
 * the upstream's status, headers and body stream back with backpressure (SSE and chunked
 * answers flow as they come). Headers are edited by the route's compiled transforms; the
 * consumer's credential is stripped unless forwarded, the service's upstream credential set.
 * Resolves when the answer was written whole, so admission is settled only then.
 */
export const proxyToUpstream: Stage<ProxyInput, Responded> = async (context) => {
  const exchange = context.rest;
  const { request, route } = exchange;
  const service = route.service;
  const response = exchange.response;
  if (response === undefined)
    throw new GatewayError('internal_error', 'A WebSocket upgrade reached the HTTP proxy stage.');
  const declared = contentLength(request.headers);
  if (declared !== undefined && declared > service.maxBodyBytes) throw tooLarge(service.maxBodyBytes);
  const hasBody = declared === undefined ? request.headers['transfer-encoding'] !== undefined : declared > 0;

  const prepared = upstreamRequest(exchange, request, context);
  if (context.service?.logBodies === true) exchange.bodies = { request: '', response: '' };
  let body: RequestBodyMeter | Buffer | null = null;
  if (exchange.readBody !== undefined) {
    // validateRequest read and checked it whole (and said 100 Continue when asked).
    body = exchange.readBody;
    exchange.bytesIn = body.length;
    if (exchange.bodies !== undefined) exchange.bodies.request = sample(body);
  } else if (hasBody) {
    if (exchange.expectsContinue) response.writeContinue();
    body = new RequestBodyMeter(exchange, service.maxBodyBytes);
    // Its error (the limit) reaches the upstream request, which fails; the call answers 413.
    body.on('error', ignore);
    request.pipe(body);
  }
  const started = performance.now();
  let reply: UpstreamReply;
  try {
    const call: UpstreamCall = {
      method: context.method,
      pathAndQuery: prepared.pathAndQuery,
      headers: prepared.headers,
      body,
      // The set's ExchangeControl listens to the client's signal itself: no second controller here.
      signal: context.signal,
    };
    const hashKey = hashKeyOf(exchange, request);
    if (hashKey !== undefined) call.hashKey = hashKey;
    reply = await service.upstream.send(call);
  } catch (error) {
    context.upstreamMs = performance.now() - started;
    if (exchange.bodyTooLarge) throw tooLarge(service.maxBodyBytes);
    throw error;
  }
  context.upstreamMs = performance.now() - started;
  recordAttempts(context, reply);
  if (exchange.bodyTooLarge) {
    // The upstream answered a body cut off at the limit (often its own 400): the client gets the 413.
    reply.body.destroy();
    throw tooLarge(service.maxBodyBytes);
  }
  await relay(context, exchange, reply, response);
};

/** Writes the upstream's head and relays its body to the client as it arrives. */
async function relay(
  context: ProxyInput,
  exchange: RestExchange,
  reply: UpstreamReply,
  response: ServerResponse,
): Promise<void> {
  const out = responseHeadersForClient(reply.headers);
  const edits = exchange.route.prepared.transforms?.response_headers;
  if (edits !== undefined) editHeaders(out, edits);
  // The service's CORS policy replaces the upstream's, so a browser sees one policy.
  exchange.route.service.cors?.decorate(out, context.headers);
  Object.assign(out, context.responseHeaders);
  if (context.warnings.length > 0) out['x-portico-warnings'] = context.warnings.join('; ');
  context.status = reply.statusCode;
  response.writeHead(reply.statusCode, out);
  context.firstByteAt = process.hrtime.bigint();
  try {
    await relayBody(reply.body, response, (chunk) => {
      exchange.bytesOut += chunk.length;
      const bodies = exchange.bodies;
      if (bodies !== undefined && bodies.response.length < loggedBodyChars) bodies.response += sample(chunk);
    });
  } catch (error) {
    if (context.signal.aborted) throw error;
    if (exchange.bodyTooLarge) throw tooLarge(exchange.route.service.maxBodyBytes);
    const cause = toGatewayError(error);
    throw cause.code === 'internal_error'
      ? new GatewayError('bad_gateway', 'The upstream answer broke off before its end.', { cause: error })
      : cause;
  }
}

function recordAttempts(context: ProxyInput, reply: UpstreamReply): void {
  context.rest.node = reply.node;
  for (const attempt of reply.attempts) {
    const recorded: (typeof context.attempts)[number] = {
      provider: context.rest.route.service.entry.name,
      model: attempt.node,
      durationMs: attempt.durationMs,
    };
    if (attempt.status !== undefined) recorded.status = attempt.status;
    if (attempt.error !== undefined) recorded.error = attempt.error;
    context.attempts.push(recorded);
  }
}
