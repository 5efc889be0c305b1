import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../core/gateway-error.js';
import type { HttpServiceEntry } from '../governance/governance-snapshot.js';
import type { GovernanceState } from '../governance/governance-state.js';
import type { AdmitStage } from '../pipeline/phases/admit.js';
import { createKeyCheck } from '../pipeline/phases/authenticate.js';
import type { Received } from '../pipeline/context/phases.js';
import { Pipeline, runStages, type RunnableStage } from '../pipeline/stage.js';
import type { Logger } from '../telemetry/create-logger.js';
import { checkRequestFraming } from './edge/check-request-framing.js';
import { mergeTransforms } from './transform/merge-transforms.js';
import type { PreparedRoute, RestExchange, RestReceived } from './rest-exchange.js';
import { createRestService, type RestService } from './rest-service.js';
import { RestRouter } from './router/rest-router.js';
import { createAuthenticateConsumer } from './stages/authenticate-consumer.js';
import { createAuthorizeService } from './stages/authorize-service.js';
import { checkClientIp } from './stages/check-client-ip.js';
import { proxyToUpstream } from './stages/proxy-to-upstream.js';

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

  constructor(private readonly deps: RestGatewayDeps) {
    // One list: the server never reads a REST body, the proxy stage streams it.
    this.stages = Pipeline.afterBody<RestReceived>()
      .then(createAuthenticateConsumer(deps.state, createKeyCheck(deps.state, deps.hash)))
      .then(createAuthorizeService(deps.state))
      .then(checkClientIp)
      .then(deps.admit)
      .then(proxyToUpstream).stages;
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
    switch (found.kind) {
      case 'none':
        return false;
      case 'bad_path':
        throw new GatewayError('invalid_request', `${found.message} Path: ${context.path}`);
      case 'not_found':
        if (found.service.cors?.preflight(context, response) === true) return true;
        throw new GatewayError('not_found', `No endpoint at ${context.method} ${context.path}.`);
      case 'method_not_allowed':
        if (found.service.cors?.preflight(context, response) === true) return true;
        throw new GatewayError('method_not_allowed', `${context.method} is not allowed on ${context.path}.`, {
          headers: { allow: found.allow },
        });
      case 'match':
        break;
    }
    const route = found.route;
    const exchange: RestExchange = {
      request,
      response,
      expectsContinue,
      route,
      params: found.params,
      credentialHeaders: noHeaders,
      bodyTooLarge: false,
      node: undefined,
      bytesIn: 0,
      bytesOut: 0,
      bodies: undefined,
    };
    context.rest = exchange;
    context.endpoint = route.pathTemplate;
    context.routeName = route.service.entry.name;
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

  /** Closes every service's pools and health checks (the data plane is shutting down). */
  async close(): Promise<void> {
    const services = [...this.services.values()];
    this.services = new Map();
    await Promise.all(services.map((service) => service.upstream.close()));
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

function prepareRoute(
  service: RestService,
  route: RestService['entry']['spec']['routes'][number],
): PreparedRoute {
  return { transforms: mergeTransforms(service.entry.spec.transforms, route.transforms) };
}
