import type { JsonObject, ReasoningPart, ToolCall } from '../../core/chat.js';
import { unwrapCustomInput } from './custom-tool-input.js';
import { localShellAction } from './local-shell-call.js';
import type { ResponsesIdPrefix } from './new-responses-id.js';
import { sealReasoning } from './reasoning-seal.js';
import type { ToolCallKind } from './responses-tool-kinds.js';

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

/** The item id prefix for a call to a tool of this kind (`fc_`, `ctc_`, `lsh_`). */
export function toolCallIdPrefix(kind: ToolCallKind | undefined): ResponsesIdPrefix {
  if (kind === 'custom') return 'ctc';
  return kind === 'local_shell' ? 'lsh' : 'fc';
}

/**
 * The output item of a finished tool call, by the kind of tool the request declared: a custom
 * tool's text unwrapped from its `input` argument, a shell command as a `local_shell_call`
 * action. A shell call whose arguments hold no command list is reported as the function call
 * it is, so the client sees what the model wrote.
 */
export function buildToolCallItem(
  id: string,
  status: ItemStatus,
  call: ToolCall,
  kind: ToolCallKind | undefined,
): JsonObject {
  if (kind === 'custom') return buildCustomToolCallItem(id, status, call, unwrapCustomInput(call.arguments));
  const action = kind === 'local_shell' ? localShellAction(call.arguments) : undefined;
  if (action !== undefined) return buildLocalShellCallItem(id, status, call.id, action);
  return buildFunctionCallItem(id, status, call);
}

/** A `custom_tool_call` item: the free-form text the model wrote for a custom tool. */
export function buildCustomToolCallItem(
  id: string,
  status: ItemStatus,
  call: Pick<ToolCall, 'id' | 'name'>,
  input: string,
): JsonObject {
  return { id, type: 'custom_tool_call', status, call_id: call.id, name: call.name, input };
}

/** A `local_shell_call` item; `action` is `{type: 'exec', command, …}`. */
export function buildLocalShellCallItem(
  id: string,
  status: ItemStatus,
  callId: string,
  action: JsonObject,
): JsonObject {
  return { id, type: 'local_shell_call', status, call_id: callId, action };
}
