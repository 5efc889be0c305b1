import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpTransformsSpec } from '../config/http-service-schema.js';
import type { Received } from '../pipeline/context/phases.js';
import type { RestCallFacts } from '../pipeline/context/rest-call-facts.js';
import type { RestRoute } from './router/rest-router.js';
import type { RestService } from './rest-service.js';

/** What the router build prepares per route, so the request path only reads it. */
export interface PreparedRoute {
  /** The service's and the route's transforms merged (the route's win). */
  readonly transforms: HttpTransformsSpec | undefined;
}

/** A route as the REST stages see it. */
export type RestServiceRoute = RestRoute<RestService, PreparedRoute>;

/** One REST call's exchange: the matched route and the raw streams the proxy stage pipes. */
export interface RestExchange extends RestCallFacts {
  readonly request: IncomingMessage;
  /** Where the answer goes; undefined for a WebSocket upgrade (its socket is answered raw). */
  readonly response: ServerResponse | undefined;
  /** The client sent `Expect: 100-continue`: `100 Continue` goes out when the body is wanted. */
  readonly expectsContinue: boolean;
  readonly route: RestServiceRoute;
  /** Path parameters, decoded; `*` holds a wildcard's rest. */
  readonly params: Readonly<Record<string, string>>;
  /** The request headers that carried the consumer's credential (stripped before the upstream unless forwarded). */
  credentialHeaders: readonly string[];
  /** The body went past its limit while streaming: the call answers 413. */
  bodyTooLarge: boolean;
  /**
   * The request body read whole, only when `validate_requests` had to check a JSON body; the
   * proxy then sends this Buffer instead of streaming the request (the one buffered case).
   */
  readBody: Buffer | undefined;
}

/** The context of a REST call from receive on. */
export type RestReceived = Received & { rest: RestExchange };
