/**
 * The canonical chat model: what every ingress dialect decodes into and every provider
 * translator encodes from. It is lossless for tool calls, images, reasoning with signatures,
 * cache hints and detailed usage. See docs/decisions/0002-canonical-chat-model.md.
 */
import type { WireDialect } from './wire-dialect.js';

/** A JSON value as parsed from a request; used where the gateway carries data it does not interpret. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Prompt-caching hint (Anthropic `cache_control`); providers without caching ignore it. */
export interface CacheControl {
  type: 'ephemeral';
  /** Time to live such as `5m` or `1h`; absent means the provider default. */
  ttl?: string;
}

export interface TextPart {
  type: 'text';
  text: string;
  cacheControl?: CacheControl;
}

/** An image given inline (base64) or by URL. */
export interface ImagePart {
  type: 'image';
  /** `https:` URL or a `data:` URL kept as sent. */
  url?: string;
  /** Base64 payload, set together with `mediaType` when the image is inline. */
  data?: string;
  /** MIME type such as `image/png`; required with `data`. */
  mediaType?: string;
  /** OpenAI's `detail` hint: `auto`, `low` or `high`. */
  detail?: string;
  cacheControl?: CacheControl;
}

/** Model reasoning. `signature` must be returned unchanged to providers that verify it (Anthropic). */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: string;
  /** Opaque encrypted reasoning (Anthropic `redacted_thinking`); `text` is empty when set. */
  redactedData?: string;
}

export type UserContentPart = TextPart | ImagePart;
export type AssistantContentPart = TextPart | ReasoningPart;

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as JSON text, exactly as the model produced them. */
  arguments: string;
}

export interface SystemMessage {
  role: 'system';
  content: TextPart[];
}
export interface UserMessage {
  role: 'user';
  content: UserContentPart[];
  name?: string;
}
export interface AssistantMessage {
  role: 'assistant';
  content: AssistantContentPart[];
  toolCalls: ToolCall[];
  name?: string;
}
export interface ToolMessage {
  role: 'tool';
  toolCallId: string;
  content: TextPart[];
}
export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters?: JsonObject;
  /** OpenAI structured-outputs strictness; ignored by providers without it. */
  strict?: boolean;
}

/** `auto`: model decides; `none`: no tools; `required`: at least one; `{ name }`: that tool. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema?: JsonObject; strict?: boolean; description?: string };

export interface ChatRequest {
  /** Upstream model id (the router has already replaced the client's route name). */
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  /** Whether the client asked for usage in the stream (`stream_options.include_usage`). */
  includeUsage: boolean;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  /** Output token cap (`max_completion_tokens`, else `max_tokens`). */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  /** Number of choices; translators without support reject values above 1. */
  n?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  logprobs?: boolean;
  topLogprobs?: number;
  /** OpenAI `reasoning_effort`: `minimal`, `low`, `medium`, `high`. */
  reasoningEffort?: string;
  /** End-user id for abuse tracking. */
  user?: string;
  /**
   * Fields the client sent that have no canonical home. Translators copy them only to upstreams
   * speaking `extraSource`, the dialect they came from (an Anthropic `top_k` means nothing to OpenAI).
   */
  extra?: JsonObject;
  /** The dialect `extra` was written in. */
  extraSource?: WireDialect;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Input tokens served from the provider's prompt cache. */
  cachedInputTokens?: number;
  /** Input tokens written to the provider's prompt cache (Anthropic). */
  cacheWriteTokens?: number;
  /** Output tokens spent on reasoning. */
  reasoningTokens?: number;
}

export interface ChatChoice {
  index: number;
  text: string | null;
  reasoning: ReasoningPart[];
  toolCalls: ToolCall[];
  refusal?: string;
  finishReason: FinishReason | null;
  /** OpenAI-shaped logprobs object, when the provider returned one. */
  logprobs?: JsonValue;
}

export interface ChatResponse {
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
  choices: ChatChoice[];
  usage?: Usage;
  systemFingerprint?: string;
}

/** Typed stream events; every provider stream decodes into these, every dialect encodes from them. */
export type ChatStreamEvent =
  | { type: 'start'; id: string; model: string; created: number }
  | { type: 'text-delta'; choice: number; text: string }
  | { type: 'reasoning-delta'; choice: number; text: string }
  /** The signature closing a reasoning block (Anthropic `signature_delta`). */
  | { type: 'reasoning-signature'; choice: number; signature: string }
  | { type: 'reasoning-redacted'; choice: number; data: string }
  /** A tool call begins; `toolIndex` numbers the calls of one choice from 0. */
  | { type: 'tool-call-start'; choice: number; toolIndex: number; id: string; name: string }
  | { type: 'tool-input-delta'; choice: number; toolIndex: number; argumentsDelta: string }
  | { type: 'finish'; choice: number; finishReason: FinishReason }
  | { type: 'usage'; usage: Usage };

export interface EmbeddingsRequest {
  model: string;
  /** One string per input; token-array inputs are passed through to OpenAI-dialect upstreams only. */
  input: string[];
  dimensions?: number;
  encodingFormat?: 'float' | 'base64';
  user?: string;
}

export interface EmbeddingsResponse {
  model: string;
  embeddings: number[][];
  usage: { inputTokens: number; totalTokens: number };
}
