import type { ChatRequest, ChatResponse, ChatStreamEvent, JsonObject, Usage } from '../../core/chat.js';
import type { GatewayError } from '../../core/gateway-error.js';
import type { WireDialect } from '../../providers/provider.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';

/** What the HTTP layer read from the URL, for dialects that carry request fields there (Gemini). */
export interface IngressInfo {
  /** Model named in the path, e.g. `gemini-2.5-flash` in `/v1beta/models/gemini-2.5-flash:generateContent`. */
  pathModel?: string;
  /** Operation named in the path, e.g. `streamGenerateContent`. */
  pathAction?: string;
}

/** A chat request read from the client, before routing picked an upstream model. */
export interface ParsedChatRequest {
  /** The model name the client sent (a route). */
  routeName: string;
  stream: boolean;
  /** Whether the client asked to see usage in its stream. */
  includeUsage: boolean;
  /** The canonical request for a given upstream model. */
  /**
   * The canonical request for a given upstream model. Settings the translation drops are pushed
   * onto `warnings` (sent as `x-portico-warnings`).
   */
  toCanonical(upstreamModel: string, warnings: string[]): ChatRequest;
  /** The client's own body with `model` replaced, for same-dialect passthrough. */
  passthroughBody(upstreamModel: string): JsonObject;
}

/** Encodes canonical stream events in the client's dialect, one instance per response. */
export interface ChatStreamEncoder {
  encode(event: ChatStreamEvent): string | undefined;
  /** The closing frame(s) of a stream that ended normally. */
  done(): string;
  /**
   * The frame(s) reporting a failure after the stream started, when the encoder's state matters
   * (e.g. Responses' sequence numbers); the dialect's `encodeStreamError` otherwise.
   */
  error?(error: GatewayError): string;
}

/**
 * Watches a stream relayed untouched (same dialect both sides), one instance per stream: it
 * collects usage, hides events the gateway itself asked for, and checks the stream finished.
 */
export interface PassthroughObserver {
  /** Reads one relayed event; `true` means do not forward it (e.g. a usage chunk only the gateway wanted). */
  observe(event: SseEvent): boolean;
  /** The usage reported so far, if any. */
  usage(): Usage | undefined;
  /** Frames to append after the upstream's last event; throws GatewayError when the stream ended unfinished. */
  end(): string;
}

/**
 * An ingress dialect: how one client wire format is read and written. The pipeline is written
 * against this, so a new dialect adds a codec, not a branch in the pipeline.
 */
export interface ChatDialect {
  readonly name: WireDialect;
  /** Validates the body; throws GatewayError `invalid_request` naming the param. */
  parseRequest(body: unknown, ingress: IngressInfo): ParsedChatRequest;
  encodeResponse(response: ChatResponse): JsonObject;
  createStreamEncoder(model: string, includeUsage: boolean): ChatStreamEncoder;
  /** The error body in this dialect. */
  encodeError(error: GatewayError): JsonObject;
  /** The SSE frame that reports an error after the stream started. */
  encodeStreamError(error: GatewayError): string;
  /** Usage read from a passed-through non-streamed response body. */
  usageFromResponse(body: unknown): Usage | undefined;
  /** A fresh observer for one passed-through stream; `clientWantsUsage` as in `ParsedChatRequest.includeUsage`. */
  createPassthroughObserver(clientWantsUsage: boolean): PassthroughObserver;
}
