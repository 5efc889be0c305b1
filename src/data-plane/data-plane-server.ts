import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { PorticoConfig } from '../config/portico-config.js';
import type { JsonObject } from '../core/chat.js';
import { abortError, ClientSignal } from '../core/client-signal.js';
import { GatewayError, toGatewayError } from '../core/gateway-error.js';
import { acceptClientRequestId, newRequestId } from '../core/ids.js';
import type { CallSubscriber, FinishedCall } from '../pipeline/account/finished-call.js';
import type { GatewayContext } from '../pipeline/context/gateway-context.js';
import type { ReplyWriter } from '../pipeline/context/reply-writer.js';
import { runStages, type RunnableStage } from '../pipeline/stage.js';
import { AccessLogWriter } from '../pipeline/account/access-log-writer.js';
import type { Logger } from '../telemetry/create-logger.js';
import { BodyBudget } from './body-budget.js';
import type { EndpointLookup } from './create-endpoints.js';
import { discardRequestBody, type LingeringLimits } from './discard-request-body.js';
import { readJsonBody, type BodyLimits } from './read-request-body.js';
import type { RestGateway } from '../rest/rest-gateway.js';
import { encodeRestError } from '../rest/encode-rest-error.js';
import { writeError, writeLastResort, type ErrorEncoder } from './write-error.js';

/**
 * The HTTP surface of the data plane: plain node:http (measured fastest with undici, see
 * docs/decisions/0001-http-stack.md). It runs the receive phase (request ids, body limits,
 * disconnect detection), the endpoint's stages, error writing, and, when a request ended however
 * it ended, the account and log phases: the subscribers of its FinishedCall. An endpoint's
 * `beforeBody` stages (authenticate) run before the body is read; see docs/security.md.
 */
export class DataPlaneServer {
  readonly server: Server;
  private inFlight = 0;
  private draining = false;
  private idleWaiters: (() => void)[] = [];
  private readonly accessLog: AccessLogWriter;
  /** The account and log phases, in that order: every subscriber of finished calls, registered here. */
  private readonly subscribers: readonly CallSubscriber[];
  private readonly bodyLimits: BodyLimits;
  private readonly lingering: LingeringLimits;

  constructor(
    config: PorticoConfig,
    private readonly lookup: EndpointLookup,
    private readonly logger: Logger,
    private readonly fallbackError: (error: GatewayError) => JsonObject,
    /**
     * The account phase: settles the reservation and books spend, call log and metrics, here
     * (`accountInProcess`) or in the cluster primary (`accountInPrimary`). Absent in tests that
     * count nothing.
     */
    account?: CallSubscriber,
    /** The REST services: asked for paths no model endpoint has; absent in tests of model endpoints only. */
    private readonly rest?: RestGateway,
  ) {
    const accessLog = new AccessLogWriter(logger, config.logging.accessFlushMs);
    this.accessLog = accessLog;
    const log: CallSubscriber = (call) => accessLog.write(call);
    this.subscribers = account === undefined ? [log] : [account, log];
    this.bodyLimits = {
      maxBodyBytes: config.server.maxBodyBytes,
      budget: new BodyBudget(config.server.maxBodiesInFlightBytes),
    };
    this.lingering = { timeMs: config.server.lingeringTimeMs, maxBytes: config.server.lingeringMaxBytes };
    this.server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
      void this.handle(request, response, false);
    });
    const restGateway = rest;
    if (restGateway !== undefined) {
      this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        void this.upgrade(restGateway, request, socket, head);
      });
    }
    // `100 Continue` goes out only once the body is wanted: a refused caller never sends it.
    this.server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
      void this.handle(request, response, true);
    });
  }

  /** Bytes of request bodies being read now (see `server.max_bodies_in_flight_mb`). */
  get bodyBytesInFlight(): number {
    return this.bodyLimits.budget.usedBytes;
  }

  /** Requests being served now. */
  get inFlightCount(): number {
    return this.inFlight;
  }

  /** True once shutdown began; `/readyz` then answers 503. */
  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Stops accepting connections and resolves when in-flight requests finished, or the grace ran
   * out and the rest were cut off and have run their finishers (settle, call log) too: after it
   * resolves, nothing more is recorded, so the caller can flush.
   */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    this.server.close();
    this.server.closeIdleConnections();
    await this.idle(graceMs);
    this.server.closeAllConnections();
    // Cut-off requests see their client gone, abort upstream and finish within moments.
    await this.idle(5_000);
    this.accessLog.flush();
  }

  private async idle(timeoutMs: number): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async handle(
    request: IncomingMessage,
    response: ServerResponse,
    expectsContinue: boolean,
  ): Promise<void> {
    this.inFlight++;
    const signal = new ClientSignal();
    response.once('close', () => {
      if (!response.writableFinished) signal.abort(abortError());
    });
    const context = receivingContext(request, response, signal);
    const requestId = context.requestId;
    const path = context.path;
    let encodeError: ErrorEncoder = this.fallbackError;
    try {
      const match = this.lookup(path);
      if (match === undefined) {
        // Model endpoints win; a REST service's own errors are written in the REST shape.
        encodeError = encodeRestError;
        if (this.rest !== undefined && (await this.rest.serve(context, request, response, expectsContinue)))
          return;
        encodeError = this.fallbackError;
        throw new GatewayError('not_found', `No endpoint at ${context.method} ${path}.`);
      }
      const endpoint = match.endpoints.find((candidate) => candidate.method === context.method);
      if (endpoint === undefined) {
        throw new GatewayError('method_not_allowed', `${context.method} is not allowed on ${path}.`);
      }
      encodeError = endpoint.encodeError;
      context.endpoint = match.pattern ?? path;
      if (match.ingress !== undefined) context.ingress = match.ingress;
      // The response side of receive: answers of this endpoint, errors too, go through its writer.
      if (endpoint.replyThrough !== undefined) context.reply = endpoint.replyThrough(response, context.query);
      // Inline rather than runStages: authenticate is synchronous and costs no promise tick here.
      for (const stage of endpoint.beforeBody ?? noStages) {
        const pending = stage(context);
        if (pending !== undefined) await pending;
      }
      if (endpoint.method === 'POST') {
        if (expectsContinue) response.writeContinue();
        const body = await readJsonBody(request, this.bodyLimits);
        context.body = body.value;
        context.bodyBytes = body.bytes;
      }
      await runStages(context, endpoint.stages);
    } catch (thrown) {
      const error = toGatewayError(thrown);
      if (error.code === 'client_closed' || signal.aborted) recordClientClosed(context, signal, error);
      else {
        if (error.code === 'internal_error')
          this.logger.error({ requestId, err: error.cause }, 'unexpected error');
        // An answer before the body was read whole: let the client finish sending and read it.
        if (!request.complete) discardRequestBody(request, response, this.lingering);
        try {
          writeError(context, error, encodeError);
        } catch (writeFailure) {
          // An encoder that throws must not become an unhandled rejection (that ends the process).
          this.logger.error({ requestId, err: writeFailure }, 'error response could not be written');
          writeLastResort(response);
        }
      }
    } finally {
      if (signal.aborted && context.status === undefined) context.status = 499;
      this.finish(context);
      this.inFlight--;
      if (this.inFlight === 0 && this.idleWaiters.length > 0) {
        for (const wake of this.idleWaiters.splice(0)) wake();
      }
    }
  }

  /**
   * A WebSocket upgrade: REST services only (docs/rest-services.md, "Streaming, WebSockets and
   * what is refused"). Counted in flight until both sockets closed; accounted and logged as any call.
   */
  private async upgrade(
    rest: RestGateway,
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): Promise<void> {
    this.inFlight++;
    const signal = new ClientSignal();
    socket.once('close', () => signal.abort(abortError()));
    const context = receivingContext(request, noReply, signal);
    try {
      await rest.upgrade(context, request, socket, head);
    } catch (error) {
      this.logger.error({ requestId: context.requestId, err: error }, 'WebSocket upgrade failed');
      socket.destroy();
    } finally {
      this.finish(context);
      this.inFlight--;
      if (this.inFlight === 0 && this.idleWaiters.length > 0) {
        for (const wake of this.idleWaiters.splice(0)) wake();
      }
    }
  }

  /** The account and log phases: each subscriber reads the finished call; one that fails does not stop the others. */
  private finish(call: FinishedCall): void {
    for (const subscriber of this.subscribers) {
      try {
        subscriber(call);
      } catch (error) {
        this.logger.error({ requestId: call.requestId, err: error }, 'finished-call subscriber failed');
      }
    }
  }
}

/**
 * The context as the server builds it: the one place that may set the writer (an endpoint's
 * `replyThrough`), before any stage runs; stages see it read-only.
 */
type ReceivingContext = Omit<GatewayContext, 'reply'> & { reply: ReplyWriter };

/** What metrics and the call log name a request whose path matched no endpoint. */
const unmatchedEndpoint = '(unmatched)';

/** A client that left, during the upload or the call: nobody to answer; recorded as 499, not logged as an error. */
function recordClientClosed(context: ReceivingContext, signal: ClientSignal, error: GatewayError): void {
  // Upstream calls and finishers listen to the signal; a body read can fail before 'close' fires.
  if (!signal.aborted) signal.abort(abortError());
  context.error =
    error.code === 'client_closed'
      ? error
      : new GatewayError('client_closed', `The client left before the answer: ${error.message}`);
  context.status = 499;
}

/** The context of a request as it arrives: ids, request line, head; the phases fill the rest. */
function receivingContext(
  request: IncomingMessage,
  reply: ReplyWriter,
  signal: ClientSignal,
): ReceivingContext {
  // Portico's own id always: a client's could collide with another tenant's in the call log.
  const requestId = newRequestId();
  const clientRequestId = acceptClientRequestId(
    headerValue(request.headers['x-client-request-id'] ?? request.headers['x-request-id']),
  );
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return {
    requestId,
    clientRequestId,
    receivedAt: process.hrtime.bigint(),
    method: request.method ?? 'GET',
    path,
    endpoint: unmatchedEndpoint,
    query: query === -1 ? '' : url.slice(query + 1),
    ingress: {},
    headers: request.headers,
    body: undefined,
    bodyBytes: 0,
    rest: undefined,
    signal,
    reply,
    responseHeaders:
      clientRequestId === undefined
        ? { 'x-request-id': requestId }
        : { 'x-request-id': requestId, 'x-client-request-id': clientRequestId },
    stream: false,
    attempts: [],
    upstreamMs: 0,
    warnings: [],
  };
}

/** The writer of an upgrade's context: its answers go to the raw socket, never through here. */
const noReply: ReplyWriter = {
  headersSent: true,
  writableEnded: true,
  destroyed: true,
  writeHead: () => undefined,
  write: () => false,
  end: () => undefined,
  once: () => undefined,
  removeListener: () => undefined,
};

/** Shared, so an endpoint without `beforeBody` stages allocates nothing per request. */
const noStages: readonly RunnableStage[] = [];

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
