import type { JsonObject } from '../../core/chat.js';

/**
 * Request shapes of Cohere's Chat API v2 as this translator writes them, after the types of the
 * official `cohere-ai` SDK. https://docs.cohere.com/reference/chat
 */

export type CohereContentPart =
  { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface CohereToolCall {
  id: string;
  type: 'function';
  /** `arguments` is JSON text, as in OpenAI's format. */
  function: { name: string; arguments: string };
}

export interface CohereSystemMessage {
  role: 'system';
  content: string;
}

export interface CohereUserMessage {
  role: 'user';
  /** A plain string when the turn is text only. */
  content: string | CohereContentPart[];
}

export interface CohereAssistantMessage {
  role: 'assistant';
  content?: string;
  /** The model's reasoning before its tool calls, returned as Cohere produced it. */
  tool_plan?: string;
  tool_calls?: CohereToolCall[];
}

export interface CohereToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string;
}

export type CohereMessage =
  CohereSystemMessage | CohereUserMessage | CohereAssistantMessage | CohereToolMessage;

export interface CohereTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: JsonObject };
}

/** https://docs.cohere.com/docs/structured-outputs */
export interface CohereResponseFormat {
  type: 'text' | 'json_object';
  /** JSON Schema the answer must follow; only with `json_object`. */
  json_schema?: JsonObject;
}

/** Body of `POST /v2/chat`. */
export interface CohereChatRequest {
  model: string;
  messages: CohereMessage[];
  tools?: CohereTool[];
  /** Absent means the model decides; Cohere has no way to name one tool. */
  tool_choice?: 'REQUIRED' | 'NONE';
  max_tokens?: number;
  temperature?: number;
  /** Nucleus sampling (OpenAI's `top_p`). */
  p?: number;
  stop_sequences?: string[];
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  response_format?: CohereResponseFormat;
  /** `{ type: 'enabled' | 'disabled', token_budget? }` for reasoning models. https://docs.cohere.com/docs/reasoning */
  thinking?: JsonObject;
  stream?: boolean;
}

/** Body of `POST /v2/embed`. https://docs.cohere.com/reference/embed */
export interface CohereEmbedRequest {
  model: string;
  texts: string[];
  input_type: 'search_document';
  embedding_types: ['float'];
  /** Only `embed-v4` and newer. */
  output_dimension?: number;
}
