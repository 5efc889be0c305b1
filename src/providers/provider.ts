import type {
  ChatRequest,
  ChatResponse,
  ChatStreamEvent,
  EmbeddingsRequest,
  EmbeddingsResponse,
  JsonObject,
} from '../core/chat.js';
import type { CredentialSource } from '../upstream/credential-source.js';
import type { SseEvent } from '../upstream/sse-decoder.js';
import type { UpstreamRequest } from '../upstream/upstream-request.js';
import type { CloudSettings } from './provider-config.js';

export type { WireDialect } from '../core/wire-dialect.js';
import type { WireDialect } from '../core/wire-dialect.js';
// The call a provider builds is upstream's contract; providers hand it over as their own.
export type { UpstreamRequest };

/** Operations a client can ask for; `count-tokens` is Anthropic's `/v1/messages/count_tokens`. */
export type Operation = 'chat' | 'embeddings' | 'count-tokens';

/** Where a passthrough call goes: the upstream model and whether the client asked for a stream. */
export interface PassthroughTarget {
  model: string;
  stream: boolean;
  /**
   * The client's request headers, for vendor headers that must travel with a passthrough body
   * (e.g. `anthropic-beta`). Never forward credentials from here.
   */
  clientHeaders: Readonly<Record<string, string | string[] | undefined>>;
}

/** Settings of one configured provider, with secrets already resolved from the environment. */
export interface ProviderSettings {
  /** Config id, e.g. `openai-main`; appears in logs and errors. */
  id: string;
  /** Provider type, e.g. `openai`, `anthropic`, `groq`. */
  type: string;
  /** Base URL without a trailing slash; the type's default when not configured. */
  baseUrl: string;
  /** Credential; absent for local servers that need none. */
  apiKey?: string;
  /** Extra headers sent on every call (e.g. `OpenAI-Organization`). */
  headers: Record<string, string>;
  /** Azure OpenAI `api-version` query value; Anthropic `anthropic-version` header. */
  apiVersion?: string;
  /** Region, cloud credentials and project for cloud-hosted providers (Bedrock, Vertex AI). */
  cloud: CloudSettings;
}

/** Parsed from a provider's error body. */
export interface ProviderErrorDetail {
  message: string;
  /** The vendor's error type or code, e.g. `overloaded_error`. */
  type?: string;
}

/** Stateful per-stream decoder from a provider's SSE events to canonical events. */
export interface ChatStreamDecoder {
  /** Events for one SSE event of the upstream stream; may be empty. */
  decode(event: SseEvent): ChatStreamEvent[];
}

/**
 * A provider is a pure translator between the canonical model and one vendor's wire format.
 * It opens no sockets and keeps no timers: `upstream/` does the calling, retries and timeouts.
 */
export interface Provider {
  readonly settings: ProviderSettings;
  /** The wire format this upstream speaks. */
  readonly dialect: WireDialect;
  /** How streamed responses are framed; `sse` when absent. Bedrock uses AWS event-stream frames. */
  readonly streamFraming?: 'sse' | 'aws-event-stream';
  /** Auth that needs I/O (OAuth tokens); absent when the provider signs or sets keys itself. */
  readonly credentials?: CredentialSource;
  /** Builds the upstream call for a canonical chat request. */
  chatRequest(request: ChatRequest): UpstreamRequest;
  /** Maps a parsed non-streamed response body; throws GatewayError `upstream_bad_response` when unreadable. */
  chatResponse(body: unknown, request: ChatRequest): ChatResponse;
  /** A fresh decoder for one streamed response. */
  chatStreamDecoder(request: ChatRequest): ChatStreamDecoder;
  /**
   * Builds the upstream call from the client's own body when dialects match. Where the
   * dialect carries the model in the body, `body.model` already holds `target.model`.
   * Absent when the provider never passes through.
   */
  passthroughRequest?(operation: Operation, body: JsonObject, target: PassthroughTarget): UpstreamRequest;
  /** Builds an embeddings call; absent when the provider has no embeddings API. */
  embeddingsRequest?(request: EmbeddingsRequest): UpstreamRequest;
  embeddingsResponse?(body: unknown): EmbeddingsResponse;
  /** Reads the vendor's message from an error response body (raw text, maybe not JSON). */
  errorDetail(status: number, body: string): ProviderErrorDetail;
}

/** Creates a provider from its settings; one per provider type, listed in `registry.ts`. */
export type ProviderFactory = (settings: ProviderSettings) => Provider;

/** What a provider type declares about itself: its factory and the defaults config falls back on. */
export interface ProviderType {
  /** Type name used in config, e.g. `anthropic`. */
  name: string;
  /** Human name for docs and startup messages. */
  label: string;
  /** Default base URL; absent when the user must give one (Azure, vLLM). */
  defaultBaseUrl?: string;
  /** Whether calls fail without `api_key`. */
  requiresApiKey: boolean;
  /** The base URL derived from cloud settings (e.g. Bedrock's regional endpoint) when `base_url` is not given. */
  baseUrlFor?(cloud: CloudSettings): string | undefined;
  /** Problems with the cloud settings this type needs (config field name and what is wrong); empty when fine. */
  checkCloud?(cloud: CloudSettings): { field: string; problem: string }[];
  create: ProviderFactory;
}
