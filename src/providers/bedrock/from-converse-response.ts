import type { ChatRequest, ChatResponse, JsonObject, JsonValue } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject, optionalString } from '../../core/json-guards.js';
import { newCompletionId } from '../../core/ids.js';
import { AssistantContent } from '../anthropic-shape/assistant-content.js';
import { usesJsonResponseTool } from '../anthropic-shape/json-response-tool.js';
import { readConverseStopReason } from './read-converse-stop-reason.js';
import { readConverseUsage } from './read-converse-usage.js';

/**
 * Converse response body → canonical response. Converse returns no id and no model, so the id
 * is generated and the model is the one asked for.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 */
export function fromConverseResponse(body: unknown, request: ChatRequest): ChatResponse {
  const output = isJsonObject(body) ? body['output'] : undefined;
  const message = isJsonObject(output) ? output['message'] : undefined;
  if (!isJsonObject(body) || !isJsonObject(message) || !Array.isArray(message['content'])) {
    throw new GatewayError('upstream_bad_response', 'The Bedrock response has no `output.message.content`.');
  }
  const content = readContent(message['content'], usesJsonResponseTool(request));
  return content.toResponse(
    newCompletionId(),
    request.model,
    readConverseStopReason(body['stopReason']),
    readConverseUsage(body['usage']),
  );
}

/** Blocks without a canonical home (citations, guard content, documents) are skipped. */
function readContent(blocks: JsonValue[], jsonTool: boolean): AssistantContent {
  const content = new AssistantContent(jsonTool);
  for (const block of blocks) {
    if (!isJsonObject(block)) continue;
    const text = optionalString(block['text']);
    if (text !== undefined) content.addText(text);
    if (isJsonObject(block['reasoningContent'])) readReasoning(block['reasoningContent'], content);
    const toolUse = block['toolUse'];
    if (isJsonObject(toolUse)) {
      const name = optionalString(toolUse['name']) ?? '';
      content.addToolUse(optionalString(toolUse['toolUseId']) ?? '', name, toolUse['input']);
    }
  }
  return content;
}

/** Signed reasoning text, or the encrypted blob Claude returns when its reasoning was redacted. */
function readReasoning(reasoning: JsonObject, content: AssistantContent): void {
  const redacted = optionalString(reasoning['redactedContent']);
  if (redacted !== undefined) {
    content.addRedactedReasoning(redacted);
    return;
  }
  const reasoningText = isJsonObject(reasoning['reasoningText']) ? reasoning['reasoningText'] : {};
  content.addReasoning(
    optionalString(reasoningText['text']) ?? '',
    optionalString(reasoningText['signature']),
  );
}
