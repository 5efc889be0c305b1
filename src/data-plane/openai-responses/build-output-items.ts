import type { JsonObject, ReasoningPart, ToolCall } from '../../core/chat.js';
import { sealReasoning } from './reasoning-seal.js';

/** Status of one output item. */
export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

/**
 * A `reasoning` output item. The text is exposed as one summary part, the shape clients render
 * by default; a signature or redacted thinking rides in `encrypted_content` (reasoning-seal.ts).
 */
export function buildReasoningItem(id: string, part: ReasoningPart): JsonObject {
  const item: JsonObject = {
    id,
    type: 'reasoning',
    summary: part.text === '' ? [] : [buildSummaryPart(part.text)],
  };
  const sealed = sealReasoning(part);
  if (sealed !== null) item['encrypted_content'] = sealed;
  return item;
}

export function buildSummaryPart(text: string): JsonObject {
  return { type: 'summary_text', text };
}

/** An assistant `message` item; `content` is empty while a stream has not produced a part yet. */
export function buildMessageItem(id: string, status: ItemStatus, content: JsonObject[]): JsonObject {
  return { id, type: 'message', status, role: 'assistant', content };
}

/** An `output_text` content part; Portico reports no annotations or logprobs. */
export function buildOutputTextPart(text: string): JsonObject {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/** A `function_call` item; `call_id` is the provider's tool call id, which the client sends back. */
export function buildFunctionCallItem(id: string, status: ItemStatus, call: ToolCall): JsonObject {
  return {
    id,
    type: 'function_call',
    status,
    call_id: call.id,
    name: call.name,
    arguments: status === 'in_progress' ? call.arguments : completeArguments(call.arguments),
  };
}

/**
 * Arguments of a finished call. A call without arguments streams none (Anthropic sends no
 * `input_json_delta` for `{}`), and Responses clients JSON.parse what they get: '' becomes '{}'.
 */
export function completeArguments(text: string): string {
  return text.trim() === '' ? '{}' : text;
}
