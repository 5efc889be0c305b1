/**
 * One finished data-plane call, as the pipeline hands it to the call log. See docs/call-log.md.
 * Strings that repeat across calls (route, provider, model, ...) are interned when written, so
 * a row holds small integers; the caller passes plain values.
 */
export interface CallRecord {
  /** When the call started, epoch milliseconds; picks the day partition and the rollup buckets. */
  at: number;
  /** The gateway's request id (`x-request-id`); what `findCall` looks up. */
  requestId: string;
  /**
   * The id the client sent (`x-client-request-id`, or `x-request-id`): its own, possibly shared
   * with other tenants' calls, so only searchable within a tenant; null when none was sent.
   */
  clientRequestId: string | null;
  /** Owning tenant of the calling key; null for unauthenticated or platform calls. */
  tenantId: string | null;
  /** App of the calling key; null when unknown. */
  appId: string | null;
  /** Id of the API key used; null when unauthenticated. */
  keyId: string | null;
  /** Visible start of the key (`pk_live_ab12`); null when unauthenticated. */
  keyPrefix: string | null;
  /** Route (virtual model) name the client asked for; null when routing did not happen. */
  route: string | null;
  /** Provider id of the target that answered (or failed last); null when none was tried. */
  provider: string | null;
  /** Upstream model name of that target; null when none was tried. */
  model: string | null;
  /** Gateway endpoint path, e.g. `/v1/chat/completions`. */
  endpoint: string;
  /** HTTP status returned to the client. */
  status: number;
  /** Gateway error code (docs/errors.md) when the call failed; null on success. */
  errorCode: string | null;
  /** Total duration in milliseconds; stored rounded to whole milliseconds. */
  latencyMs: number;
  /** Time to first token in milliseconds (streams); null when not measured. */
  ttftMs: number | null;
  /** Prompt tokens; 0 when unknown. */
  inputTokens: number;
  /** Completion tokens; 0 when unknown. */
  outputTokens: number;
  /** Prompt tokens served from the provider's cache; 0 when unknown. */
  cachedTokens: number;
  /** Reasoning tokens (included in or alongside output, as the provider reports); 0 when unknown. */
  reasoningTokens: number;
  /** Cost in US dollars; 0 when unpriced. */
  costUsd: number;
  /** Upstream attempts made (retries and fallbacks included); 0 when none. */
  attempts: number;
  /** Whether the client asked for a stream. */
  stream: boolean;
  /** A REST service call's proxy facts; absent on model calls. */
  rest?: RestCallRecord;
  /**
   * Request and response bodies, passed only when the route enables body logging. Redacted and
   * size-capped by the writer (off the request path); absent means none are stored.
   */
  bodies?: { request: string; response: string };
}

/** What the call log keeps of a REST call besides the common fields (route: the service, endpoint: the path template). */
export interface RestCallRecord {
  method: string;
  /** The upstream node URL that answered; null when none did. */
  upstreamNode: string | null;
  /** Milliseconds until the upstream's answer head (0 when none came). */
  upstreamMs: number;
  /** Request body bytes streamed to the upstream. */
  bytesIn: number;
  /** Response body bytes relayed to the client. */
  bytesOut: number;
}

/**
 * A stored call as the admin API shows it: the record with its dimensions resolved back to
 * strings. `bodies` is filled by `findCall` only (lists carry `hasBodies`).
 */
export interface CallView extends Omit<CallRecord, 'bodies'> {
  /** Whether redacted bodies are stored for this call. */
  hasBodies: boolean;
  /** The stored (redacted, capped) bodies; present only from `findCall`, when stored. */
  bodies?: { request: string; response: string };
}

/** Whether a call counts as an error in filters and rollups: a 4xx/5xx status or an error code. */
export function isErrorCall(call: Pick<CallRecord, 'status' | 'errorCode'>): boolean {
  return call.status >= 400 || call.errorCode !== null;
}
