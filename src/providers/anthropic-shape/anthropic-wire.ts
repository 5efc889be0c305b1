import type { JsonObject } from '../../core/chat.js';

/**
 * Request shapes of the Anthropic Messages API as this translator writes them, after the
 * `*Param` types of the official SDK. https://docs.anthropic.com/en/api/messages
 */

/** A prompt-cache breakpoint on a block. */
export interface AnthropicCacheControl {
  type: 'ephemeral';
  /** `5m` or `1h`; absent means Anthropic's default of five minutes. */
  ttl?: string;
}

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicImageSource =
  { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };

export interface AnthropicImageBlock {
  type: 'image';
  source: AnthropicImageSource;
  cache_control?: AnthropicCacheControl;
}

/** Earlier reasoning sent back; Anthropic verifies `signature`, so unsigned text cannot be sent. */
export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  /** The arguments object (never a string). */
  input: JsonObject;
}

export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  /** Absent when the tool returned nothing. */
  content?: string;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock;

/** One turn; Anthropic requires user and assistant turns to alternate. */
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  /** JSON Schema of the input object; its root must be `type: object`. */
  input_schema: JsonObject;
}

/** https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use */
export type AnthropicToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** The body of `POST /v1/messages`. */
export interface AnthropicRequestBody {
  model: string;
  messages: AnthropicMessage[];
  /** Required by Anthropic; the output cap including thinking tokens. */
  max_tokens: number;
  system?: AnthropicTextBlock[];
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  metadata?: { user_id: string };
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  /** `{ type: 'enabled', budget_tokens }` or a client's own `thinking` object, sent unchanged. */
  thinking?: JsonObject;
  stream?: true;
}
