import type { ChatResponse, FinishReason, JsonObject } from '../../core/chat.js';
import {
  buildMessageItem,
  buildOutputTextPart,
  buildReasoningItem,
  buildToolCallItem,
  toolCallIdPrefix,
  type ItemStatus,
} from './build-output-items.js';
import { buildResponseObject, type IncompleteReason } from './build-response-object.js';
import { newResponsesId } from './new-responses-id.js';
import type { ToolKinds } from './responses-tool-kinds.js';

/**
 * Canonical response → Responses `response` object. Output items follow the order the model
 * produced them in: reasoning, then the message, then one item per tool call — `function_call`,
 * or `custom_tool_call` / `local_shell_call` for tools `toolKinds` names.
 */
export function encodeResponsesResponse(response: ChatResponse, toolKinds: ToolKinds): JsonObject {
  // The Responses API has no `n`: the first choice is the answer.
  const choice = response.choices[0];
  const incompleteReason = toIncompleteReason(choice?.finishReason ?? null);
  const status: ItemStatus = incompleteReason === undefined ? 'completed' : 'incomplete';
  const output: JsonObject[] = [];
  for (const part of choice?.reasoning ?? []) output.push(buildReasoningItem(newResponsesId('rs'), part));
  const content: JsonObject[] = [];
  if (choice?.text != null && choice.text !== '') content.push(buildOutputTextPart(choice.text));
  if (choice?.refusal !== undefined) content.push({ type: 'refusal', refusal: choice.refusal });
  if (content.length > 0) output.push(buildMessageItem(newResponsesId('msg'), status, content));
  for (const call of choice?.toolCalls ?? []) {
    const kind = toolKinds.get(call.name);
    output.push(buildToolCallItem(newResponsesId(toolCallIdPrefix(kind)), status, call, kind));
  }
  return buildResponseObject({
    id: newResponsesId('resp'),
    createdAt: response.created,
    model: response.model,
    status,
    output,
    ...(response.usage === undefined ? {} : { usage: response.usage }),
    ...(incompleteReason === undefined ? {} : { incompleteReason }),
  });
}

/** Finish reasons that end a response early; `stop` and `tool_calls` complete it. */
export function toIncompleteReason(finishReason: FinishReason | null): IncompleteReason | undefined {
  if (finishReason === 'length') return 'max_output_tokens';
  if (finishReason === 'content_filter') return 'content_filter';
  return undefined;
}
