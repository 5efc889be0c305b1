import type { AbortWatch } from '../../core/client-signal.js';
import type { Usage } from '../../core/chat.js';
import type { Caller, ServiceGrant } from '../../core/governance.js';
import type { Admission } from '../../policy/admission.js';
import type { GatewayError } from '../../core/gateway-error.js';
import type { Route } from '../../routing/route-table.js';
import type { IngressInfo, ParsedChatRequest } from '../dialect/chat-dialect.js';
import type { ParsedEmbeddingsRequest } from '../dialect/embeddings-codec.js';

/** The slice of node's ServerResponse the pipeline writes to; a test can supply its own. */
export interface ReplyWriter {
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  /** True once the connection is gone. */
  readonly destroyed: boolean;
  writeHead(status: number, headers?: Record<string, string | number>): unknown;
  /** Returns false when the client is slow; wait for 'drain' before writing more. */
  write(chunk: string | Uint8Array): boolean;
  end(chunk?: string | Uint8Array): unknown;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
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

/** Everything one data-plane request accumulates as it runs through the stages. */
export interface GatewayContext {
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
  /** Parsed JSON body (undefined for GET). */
  body: unknown;
  /** Aborts when the client goes away; upstream calls listen to it. */
  readonly signal: AbortWatch;
  readonly reply: ReplyWriter;
  /**
   * Headers every response to this request carries (request id, rate-limit state). The writer adds
   * its own and hands the object to `writeHead` once: node then skips the per-header bookkeeping
   * `setHeader` costs (about 4 KB and 8% of gateway CPU per request, see docs/benchmarks.md).
   */
  readonly responseHeaders: Record<string, string>;
  /** Name of the API key that authenticated the call; absent when the API is open. */
  keyName?: string;
  /** The key, app and tenant calling; absent when the API is open. */
  caller?: Caller;
  /** The route's service facts (lifecycle, visibility, body logging), once authorized. */
  service?: ServiceGrant;
  /** What the limits and budgets reserved for this call; settled when the request finishes. */
  admission?: Admission;
  /** In a cluster worker: the ticket of the admission the primary holds for this call. */
  admissionTicket?: number;
  /** Model name the client asked for. */
  routeName?: string;
  /** The chat request once parsed (chat endpoints only). */
  chat?: ParsedChatRequest;
  /** The embeddings request once parsed (embeddings endpoint only). */
  embeddings?: ParsedEmbeddingsRequest;
  stream: boolean;
  /** The route the model name resolved to. */
  route?: Route;
  attempts: Attempt[];
  /** Milliseconds spent waiting on upstreams (until their body ended, or their headers for streams). */
  upstreamMs: number;
  /** Nanosecond timestamp when the first byte went to the client. */
  firstByteAt?: bigint;
  usage?: Usage;
  /** What the usage cost in USD, when the catalogue knows the model's price. */
  costUsd?: number;
  /** Answers the call asks for (OpenAI `n`, Gemini `candidateCount`), once checked; absent: 1. */
  choices?: number;
  /** Estimated input tokens, once something needed them (see check-context-window.ts). */
  inputTokenEstimate?: number;
  /** Size of the request body in bytes (0 for GET). */
  bodyBytes: number;
  /** Final response status. */
  status?: number;
  error?: GatewayError;
  /**
   * The answer as the call log stores it, kept only when the route logs bodies: the JSON body, a
   * streamed answer's assembled transcript, or an embeddings answer's shape (docs/call-log.md).
   */
  responseText?: string;
  /** Settings dropped because the provider cannot honour them. */
  warnings: string[];
}
