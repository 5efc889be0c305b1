import type { JsonObject } from '../../core/chat.js';

/**
 * Request shapes of the Bedrock Converse API as this translator writes them.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */

export interface ConverseTextBlock {
  text: string;
}

/** Image formats Converse accepts; the bytes travel base64-encoded in JSON. */
export type ConverseImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export interface ConverseImageBlock {
  image: { format: ConverseImageFormat; source: { bytes: string } };
}

export interface ConverseToolUseBlock {
  toolUse: { toolUseId: string; name: string; input: JsonObject };
}

export interface ConverseToolResultBlock {
  toolResult: { toolUseId: string; content: ConverseTextBlock[] };
}

/** Earlier reasoning sent back: signed text, or Anthropic's redacted (encrypted, base64) blob. */
export interface ConverseReasoningBlock {
  reasoningContent: { reasoningText: { text: string; signature: string } } | { redactedContent: string };
}

export type ConverseContentBlock =
  | ConverseTextBlock
  | ConverseImageBlock
  | ConverseToolUseBlock
  | ConverseToolResultBlock
  | ConverseReasoningBlock;

/** One turn; Converse requires user and assistant turns to alternate. */
export interface ConverseMessage {
  role: 'user' | 'assistant';
  content: ConverseContentBlock[];
}

export interface ConverseToolSpec {
  toolSpec: { name: string; description?: string; inputSchema: { json: JsonObject } };
}

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolChoice.html */
export type ConverseToolChoice =
  { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

export interface ConverseToolConfig {
  tools: ConverseToolSpec[];
  /** Absent means `auto`. */
  toolChoice?: ConverseToolChoice;
}

/** Settings every Converse model understands. */
export interface ConverseInferenceConfig {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

/** The body of `POST /model/{modelId}/converse` and `/converse-stream` (the model is in the path). */
export interface ConverseRequestBody {
  messages: ConverseMessage[];
  system?: ConverseTextBlock[];
  inferenceConfig?: ConverseInferenceConfig;
  toolConfig?: ConverseToolConfig;
  /** Model-specific fields passed to the model as is, e.g. Claude's `thinking`. */
  additionalModelRequestFields?: JsonObject;
}
