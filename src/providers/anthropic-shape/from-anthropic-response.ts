import type { ChatRequest, ChatResponse, JsonValue } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject, optionalString } from '../../core/json-guards.js';
import { newCompletionId } from '../../core/ids.js';
import { AssistantContent } from './assistant-content.js';
import { usesJsonResponseTool } from './json-response-tool.js';
import { readAnthropicStopReason } from './read-anthropic-stop-reason.js';
import { readAnthropicUsage } from './read-anthropic-usage.js';

/** Anthropic `Message` body → canonical response. https://docs.anthropic.com/en/api/messages */
export function fromAnthropicResponse(body: unknown, request: ChatRequest): ChatResponse {
  if (!isJsonObject(body) || !Array.isArray(body['content'])) {
    throw new GatewayError('upstream_bad_response', 'The Anthropic response has no `content` array.');
  }
  const content = readContent(body['content'], usesJsonResponseTool(request));
  return content.toResponse(
    optionalString(body['id']) ?? newCompletionId(),
    optionalString(body['model']) ?? request.model,
    readAnthropicStopReason(body['stop_reason']),
    readAnthropicUsage(body['usage']),
  );
}

/** Blocks without a canonical home (server tool use, web search results) are skipped. */
function readContent(blocks: JsonValue[], jsonTool: boolean): AssistantContent {
  const content = new AssistantContent(jsonTool);
  for (const block of blocks) {
    if (!isJsonObject(block)) continue;
    switch (block['type']) {
      case 'text':
        content.addText(optionalString(block['text']) ?? '');
        break;
      case 'thinking':
        content.addReasoning(optionalString(block['thinking']) ?? '', optionalString(block['signature']));
        break;
      case 'redacted_thinking':
        content.addRedactedReasoning(optionalString(block['data']) ?? '');
        break;
      case 'tool_use':
        content.addToolUse(
          optionalString(block['id']) ?? '',
          optionalString(block['name']) ?? '',
          block['input'],
        );
        break;
    }
  }
  return content;
}
