import type { PorticoConfig } from '../config/portico-config.js';
import type { JsonObject } from '../core/chat.js';
import type { GatewayError } from '../core/gateway-error.js';
import type { LifecyclePhase } from '../core/lifecycle-phase.js';
import type { ChatDialect, IngressInfo } from '../pipeline/dialect/chat-dialect.js';
import type { GatewayContext } from '../pipeline/context/gateway-context.js';
import type { Authenticated, Authorized, Decoded, Received, Resolved } from '../pipeline/context/phases.js';
import type { ReplyWriter } from '../pipeline/context/reply-writer.js';
import type { AdmitStage } from '../pipeline/phases/admit.js';
import type { AuthorizeInput } from '../pipeline/phases/authorize-route.js';
import { endWhole } from '../pipeline/respond/reply-whole.js';
import { replyHeaders } from '../pipeline/respond/response-headers.js';
import type { GovernanceState } from '../governance/governance-state.js';
import type { Pipeline, RunnableStage, Stage, StageList } from '../pipeline/stage.js';
import type { RouteTable } from '../routing/route-table.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';
import type { Pricing } from '../catalog/pricing.js';

/** One data-plane endpoint: its stages and how its errors are written. */
export interface Endpoint {
  /** `OPTIONS` only for CORS preflights (apply-cors.ts). */
  method: 'GET' | 'POST' | 'OPTIONS';
  /**
   * Stages that need only the request line, headers and query (authenticate): they run before the
   * body is read, so a caller they refuse costs no body bytes. Absent: none.
   */
  beforeBody?: readonly RunnableStage[];
  /** Stages that run once the body is read and parsed (`context.body`). */
  stages: readonly RunnableStage[];
  encodeError: (error: GatewayError) => JsonObject;
  /**
   * The response side of the receive phase: the writer this endpoint's answers (errors included)
   * go through, given node's and the query; absent: node's own. Gemini's stream framing uses it.
   */
  replyThrough?: (reply: ReplyWriter, query: string) => ReplyWriter;
}

/** An endpoint from a checked stage list (see `Pipeline`). */
export function endpointOf(
  method: Endpoint['method'],
  list: StageList,
  encodeError: Endpoint['encodeError'],
): Endpoint {
  return { method, beforeBody: list.beforeBody, stages: list.stages, encodeError };
}

/** The endpoints at one path (one per method) and what the path itself says. */
export interface EndpointMatch {
  endpoints: Endpoint[];
  ingress?: IngressInfo;
  /**
   * The path's pattern (`/v1beta/models/{model}:generateContent`), which metrics and the call log
   * name the endpoint by, so a client cannot mint new names; absent when the path is fixed.
   */
  pattern?: string;
}

/** A family of paths served by one dialect (e.g. everything under `/v1beta/models/`). */
export interface EndpointGroup {
  /** The endpoints for `path`, or undefined when the path is not this group's. */
  match(path: string): EndpointMatch | undefined;
}

/** What endpoint groups are built from: shared stages and services, created once at start. */
export interface EndpointDeps {
  config: PorticoConfig;
  routes: RouteTable;
  client: UpstreamClient;
  /** Catalogue facts and cost per model. */
  pricing: Pricing;
  /** Checks the caller's key (all key places: Bearer, x-api-key, x-goog-api-key, ?key=). */
  authenticate: Stage<Received, Authenticated>;
  /** Model name → the route: its targets and policy. */
  resolveRoute: Stage<Received & Authenticated & Decoded, Resolved>;
  /** Whether this caller may use that route (lifecycle, visibility, allow-lists, subscription). */
  authorizeRoute: Stage<AuthorizeInput, Authorized>;
  /** Rate limits and budgets, reserved before an upstream call. */
  admit: AdmitStage;
  /** The store's snapshot: who may see which route. */
  governance: GovernanceState;
  /** receive → authenticate → (body read): how every keyed endpoint starts. */
  keyed(): Pipeline<Received & Authenticated>;
  /**
   * The chat phases for a dialect: receive → authenticate → (body read) → decode → resolve →
   * authorize → check choices → admit → call upstream → respond. Account and log follow when
   * the request ends, however it ended (data-plane-server.ts).
   */
  chat(dialect: ChatDialect): StageList;
  /** The chat phases after the body was read (decode … respond), for a dialect chosen per request. */
  chatAfterBody(dialect: ChatDialect): StageList;
  /** Where the process is in its life: the health probes answer from it. */
  phase(): LifecyclePhase;
}

/** Builds an endpoint group from the shared dependencies; one per dialect, listed in create-endpoints.ts. */
export type EndpointGroupFactory = (deps: EndpointDeps) => EndpointGroup;

/**
 * A keyed `GET` whose respond phase answers 200 with `answer(context)` and calls no upstream (the
 * model lists): authenticate → respond.
 */
export function keyedJsonGet(
  deps: EndpointDeps,
  encodeError: Endpoint['encodeError'],
  answer: (context: Received & Authenticated) => JsonObject,
): Endpoint[] {
  return [
    endpointOf(
      'GET',
      deps.keyed().then((context) => writeJson(context, 200, answer(context))),
      encodeError,
    ),
  ];
}

/** Writes a JSON body with a status; for small endpoints that answer without an upstream. */
export function writeJson(context: GatewayContext, status: number, body: JsonObject): void {
  context.status = status;
  const headers = replyHeaders(context, { 'content-type': 'application/json' });
  endWhole(context.reply, status, headers, JSON.stringify(body));
}
