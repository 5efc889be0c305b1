import type { AbortWatch } from '../../core/client-signal.js';
import type { Usage } from '../../core/chat.js';
import type { Caller, ServiceGrant } from '../../governance/governance-snapshot.js';
import type { Admission } from '../../policy/admission.js';
import type { GatewayError } from '../../core/gateway-error.js';
import type { Route } from '../../routing/route-table.js';
import type { IngressInfo, ParsedChatRequest } from '../dialect/chat-dialect.js';
import type { ParsedEmbeddingsRequest } from '../dialect/embeddings-codec.js';
import type { UpstreamAnswer } from './upstream-answer.js';
import type { ReplyWriter } from './reply-writer.js';
import type { RestCallFacts } from './rest-call-facts.js';

/*
 * One data-plane request is one object, mutated in place by the stages (one allocation, one
 * hidden class). Its type is composed of a slice per phase; the phase types (phases.ts) say
 * which fields a stage may rely on, so the compiler checks the stage order (stage.ts).
 */

/** The receive phase: the request line, headers and body, and where the answer goes. */
export interface HttpExchange {
  /** Portico's own id for this request (`x-request-id` in the answer, the call log's key). */
  readonly requestId: string;
  /** The id the client sent (`x-client-request-id` or `x-request-id`), echoed as `x-client-request-id`; undefined when none or malformed. */
  readonly clientRequestId: string | undefined;
  /** `process.hrtime.bigint()` when the request arrived. */
  readonly receivedAt: bigint;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * The endpoint as metrics and the call log name it: the matched path, or its pattern when the
   * path carries a parameter; `(unmatched)` until a path matched (404s), so names stay bounded.
   */
  endpoint: string;
  /** Raw query string without `?` (empty when none). */
  readonly query: string;
  /** Request fields the URL carried (Gemini's model and action). */
  ingress: IngressInfo;
  /** Parsed JSON body (undefined for GET, and until the body was read). */
  body: unknown;
  /** Size of the request body in bytes (0 for GET). */
  bodyBytes: number;
  /** A REST service call's proxy facts (node, bytes); undefined for model calls. */
  rest?: RestCallFacts | undefined;
  /** Aborts when the client goes away; upstream calls listen to it. */
  readonly signal: AbortWatch;
  /** The writer every answer goes through: the endpoint's `replyThrough` hook may wrap node's. */
  readonly reply: ReplyWriter;
  /**
   * Headers every response to this request carries (request id, CORS, rate-limit state). The
   * writer adds its own and hands the object to `writeHead` once: node then skips the per-header
   * bookkeeping `setHeader` costs (about 4 KB and 8% of gateway CPU per request, see
   * docs/benchmarks.md). Stages that act on the answer's head add to it on their request side.
   */
  readonly responseHeaders: Record<string, string>;
}

/** The authenticate phase: who calls. Both stay absent when the API is open. */
export interface CallerSlice {
  /** Name of the API key that authenticated the call. */
  keyName?: string;
  /** The key, app and tenant calling. */
  caller?: Caller;
}

/** The decode phase: what the body asks for. */
export interface RequestSlice {
  /** Model name the client asked for. */
  routeName?: string;
  /** The chat request once decoded (chat endpoints only). */
  chat?: ParsedChatRequest;
  /** The embeddings request once decoded (embeddings endpoint only). */
  embeddings?: ParsedEmbeddingsRequest;
  stream: boolean;
  /** Answers the call asks for (OpenAI `n`, Gemini `candidateCount`), once checked; absent: 1. */
  choices?: number;
  /** Estimated input tokens, once something needed them (see check-context-window.ts). */
  inputTokenEstimate?: number;
}

/** The resolve and authorize phases: where the call goes and the route's service facts. */
export interface RouteSlice {
  /** The route the model name resolved to. */
  route?: Route;
  /** The route's service facts (lifecycle, visibility, body logging), once authorized. */
  service?: ServiceGrant;
}

/** The admit phase: what limits and budgets reserved; settled when the request finishes. */
export interface AdmissionSlice {
  admission?: Admission;
  /** In a cluster worker: the ticket of the admission the primary holds for this call. */
  admissionTicket?: number;
}

/** One upstream attempt, for the access log and the `x-portico-attempts` header. */
export interface Attempt {
  provider: string;
  model: string;
  /** Upstream HTTP status; absent when no response arrived. */
  status?: number;
  /** Gateway error code when the attempt failed. */
  error?: string;
  /** Why the target was not called at all: its circuit is open, or every credential is cooling down. */
  skipped?: 'circuit_open' | 'cooling_down';
  durationMs: number;
}

/** The call-upstream phase: the attempts, the answer they got, its usage and cost. */
export interface UpstreamSlice {
  attempts: Attempt[];
  /** Milliseconds spent waiting on upstreams (until their body ended, or their headers for streams). */
  upstreamMs: number;
  /** The accepted upstream call and its read answer, for the respond phase. */
  answered?: UpstreamAnswer;
  usage?: Usage;
  /** What the usage cost in USD, when the catalogue knows the model's price. */
  costUsd?: number;
  /** Settings dropped because the provider cannot honour them. */
  warnings: string[];
}

/** The respond phase: what the client got. */
export interface OutcomeSlice {
  /** Final response status. */
  status?: number;
  error?: GatewayError;
  /** Nanosecond timestamp when the first byte went to the client. */
  firstByteAt?: bigint;
  /**
   * The answer as the call log stores it, kept only when the route logs bodies: the JSON body, a
   * streamed answer's assembled transcript, or an embeddings answer's shape (docs/call-log.md).
   */
  responseText?: string;
}

/** Everything one data-plane request accumulates as it runs through the phases. */
export interface GatewayContext
  extends HttpExchange, CallerSlice, RequestSlice, RouteSlice, AdmissionSlice, UpstreamSlice, OutcomeSlice {}
