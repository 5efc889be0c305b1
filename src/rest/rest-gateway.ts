import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayError, toGatewayError } from '../core/gateway-error.js';
import type { HttpServiceEntry } from '../governance/governance-snapshot.js';
import type { GovernanceState } from '../governance/governance-state.js';
import type { AdmitStage } from '../pipeline/phases/admit.js';
import { createKeyCheck } from '../pipeline/phases/authenticate.js';
import type { Received } from '../pipeline/context/phases.js';
import { Pipeline, runStages, type RunnableStage } from '../pipeline/stage.js';
import type { Logger } from '../telemetry/create-logger.js';
import { checkRequestFraming } from './edge/check-request-framing.js';
import { proxyWebSocket } from './edge/proxy-websocket.js';
import { writeUpgradeError } from './edge/write-upgrade-error.js';
import { mergeTransforms } from './transform/merge-transforms.js';
import type { PreparedRoute, RestExchange, RestReceived, RestServiceRoute } from './rest-exchange.js';
import { createRestService, type RestService } from './rest-service.js';
import { RestRouter, type RestLookup } from './router/rest-router.js';
import { createAuthenticateConsumer } from './stages/authenticate-consumer.js';
import { createAuthorizeService } from './stages/authorize-service.js';
import { checkClientIp } from './stages/check-client-ip.js';
import { proxyToUpstream } from './stages/proxy-to-upstream.js';
import { validateRequest } from './stages/validate-request.js';
import { hashKeyOf, upstreamRequest } from './stages/upstream-request.js';

/** What the REST gateway is built with: the data plane's governance, admit stage and limits. */
export interface RestGatewayDeps {
  state: GovernanceState;
  hash: (secret: string) => string;
  admit: AdmitStage;
  logger: Logger;
  /** The server's own body limit (`server.max_body_bytes`); a service's may only be lower. */
  maxBodyBytes: number;
}

/** The REST side of the data plane as the server asks it; see docs/architecture.md. */
export class RestGateway {
  private source: readonly HttpServiceEntry[] | undefined;
  private router: RestRouter<RestService, PreparedRoute> = new RestRouter([], prepareRoute);
  /** Built services by `id@release`, so a reload keeps the pools and health of unchanged ones. */
  private services = new Map<string, RestService>();
  private readonly stages: readonly RunnableStage[];
  /** The same stages without the HTTP proxy: an upgrade pipes sockets instead. */
  private readonly upgradeStages: readonly RunnableStage[];

  constructor(private readonly deps: RestGatewayDeps) {
    // One list: the server never reads a REST body; the proxy stage streams it (validateRequest
    // reads a JSON body whole only for a service with `validate_requests`).
    const admitted = () =>
      Pipeline.afterBody<RestReceived>()
        .then(authenticate)
        .then(createAuthorizeService(deps.state))
        .then(checkClientIp)
        .then(deps.admit);
    const authenticate = createAuthenticateConsumer(deps.state, createKeyCheck(deps.state, deps.hash));
    this.stages = admitted().then(validateRequest).then(proxyToUpstream).stages;
    this.upgradeStages = admitted().stages;
  }

  /**
   * Serves the request when a service's base path covers it; false when none does (the server
   * then answers its generic 404). Throws GatewayError for refusals, written by the server.
   */
  async serve(
    context: Received,
    request: IncomingMessage,
    response: ServerResponse,
    expectsContinue: boolean,
  ): Promise<boolean> {
    const router = this.current();
    const found = router.find(context);
    if (found.kind === 'none') return false;
    if (found.kind !== 'match') {
      if (found.kind !== 'bad_path' && found.service.cors?.preflight(context, response) === true) return true;
      throw refusal(found, context);
    }
    const route = found.route;
    this.exchange(context, request, response, expectsContinue, route, found.params);
    const cors = route.service.cors;
    if (cors !== undefined) {
      // Preflights are answered here, before authentication: browsers send them without credentials.
      if (cors.preflight(context, response)) return true;
      cors.addHeaders(context);
    }
    checkRequestFraming(request.headers);
    await runStages(context, this.stages);
    return true;
  }

  /**
   * Proxies a WebSocket upgrade to a REST service: routed as a GET, then authenticated,
   * authorized, IP-checked and admitted by the same stages as any call; then a node is picked
   * and the sockets piped (`proxyWebSocket`). Browsers cannot set headers on a WebSocket, so
   * the key may come as `?api_key=` here (only here; it is removed before the upstream). Every
   * refusal is a plain HTTP answer on the socket. Resolves when both sockets closed.
   */
  async upgrade(context: Received, request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    try {
      const query = takeQueryKey(context.query, request);
      const found = this.current().find({ ...context, method: 'GET' });
      if (found.kind !== 'match') throw refusal(found, context);
      const exchange = this.exchange(context, request, undefined, false, found.route, found.params);
      await runStages(context, this.upgradeStages);
      const service = found.route.service;
      const prepared = upstreamRequest(exchange, request, {
        path: context.path,
        query,
        requestId: context.requestId,
      });
      const picked = service.upstream.pick(hashKeyOf(exchange, request));
      const connectMs = service.entry.spec.upstream.timeouts?.connect_ms;
      const outcome = await proxyWebSocket(request, socket, head, {
        nodeUrl: picked.url,
        pathAndQuery: prepared.pathAndQuery,
        headers: prepared.headers,
        requestId: context.requestId,
        // The same TLS as the service's HTTP calls, and its connect timeout for the handshake.
        tls: service.upstream.tls,
        ...(connectMs === undefined ? {} : { connectTimeoutMs: connectMs }),
      });
      picked.done(outcome.upstreamFailed ? 'failed' : 'ok');
      exchange.node = picked.url;
      exchange.bytesIn = outcome.bytesIn;
      exchange.bytesOut = outcome.bytesOut;
      context.status = outcome.status;
      if (outcome.error !== undefined) context.error = outcome.error;
    } catch (thrown) {
      const error = toGatewayError(thrown);
      context.status = error.status;
      context.error = error;
      writeUpgradeError(socket, error, context.requestId);
    }
  }

  /** Closes every service's pools and health checks (the data plane is shutting down). */
  async close(): Promise<void> {
    const services = [...this.services.values()];
    this.services = new Map();
    await Promise.all(services.map((service) => service.upstream.close()));
  }

  /** Starts the REST slice of a matched call's context. */
  private exchange(
    context: Received,
    request: IncomingMessage,
    response: ServerResponse | undefined,
    expectsContinue: boolean,
    route: RestServiceRoute,
    params: Readonly<Record<string, string>>,
  ): RestExchange {
    const exchange: RestExchange = {
      request,
      response,
      expectsContinue,
      route,
      params,
      credentialHeaders: noHeaders,
      bodyTooLarge: false,
      readBody: undefined,
      node: undefined,
      bytesIn: 0,
      bytesOut: 0,
      bodies: undefined,
    };
    context.rest = exchange;
    context.endpoint = route.pathTemplate;
    context.routeName = route.service.entry.name;
    return exchange;
  }

  /** The router of the current snapshot, rebuilt only when its service list changed. */
  private current(): RestRouter<RestService, PreparedRoute> {
    const entries = this.deps.state.snapshot.httpServices;
    if (entries !== this.source) this.rebuild(entries);
    return this.router;
  }

  private rebuild(entries: readonly HttpServiceEntry[]): void {
    const previous = this.services;
    const next = new Map<string, RestService>();
    for (const entry of entries) {
      const key = `${entry.id}@${String(entry.release)}`;
      try {
        next.set(
          key,
          previous.get(key) ?? createRestService(entry, this.deps.maxBodyBytes, this.nodeChanged),
        );
      } catch (error) {
        this.deps.logger.error(
          { service: entry.name, err: error },
          'REST service could not be built; it is not served',
        );
      }
    }
    const router = new RestRouter([...next.values()], prepareRoute);
    for (const problem of router.problems) this.deps.logger.warn({ problem }, 'REST route not registered');
    for (const [key, service] of previous) {
      // undici's close lets requests in flight finish.
      if (!next.has(key)) void service.upstream.close();
    }
    this.services = next;
    this.router = router;
    this.source = entries;
  }

  private readonly nodeChanged = (service: string, status: { url: string; healthy: boolean }): void => {
    this.deps.logger.info(
      { service, node: status.url, healthy: status.healthy },
      status.healthy ? 'upstream node back in service' : 'upstream node taken out of service',
    );
  };
}

const noHeaders: readonly string[] = [];

/** The error of a lookup that matched no route: 400, 404 or 405 with `Allow`. */
function refusal(
  found: Exclude<RestLookup<RestService, PreparedRoute>, { kind: 'match' }>,
  context: Received,
): GatewayError {
  switch (found.kind) {
    case 'bad_path':
      return new GatewayError('invalid_request', `${found.message} Path: ${context.path}`);
    case 'method_not_allowed':
      return new GatewayError('method_not_allowed', `${context.method} is not allowed on ${context.path}.`, {
        headers: { allow: found.allow },
      });
    default:
      return new GatewayError('not_found', `No endpoint at ${context.method} ${context.path}.`);
  }
}

/**
 * A WebSocket's `?api_key=` becomes the `x-api-key` header (when no credential header was sent)
 * and leaves the query the upstream gets; returns that query.
 */
function takeQueryKey(query: string, request: IncomingMessage): string {
  if (!query.includes('api_key=')) return query;
  const params = new URLSearchParams(query);
  const key = params.get('api_key');
  params.delete('api_key');
  if (
    key !== null &&
    request.headers['x-api-key'] === undefined &&
    request.headers.authorization === undefined
  )
    request.headers['x-api-key'] = key;
  return params.toString();
}

function prepareRoute(
  service: RestService,
  route: RestService['entry']['spec']['routes'][number],
): PreparedRoute {
  return { transforms: mergeTransforms(service.entry.spec.transforms, route.transforms) };
}
