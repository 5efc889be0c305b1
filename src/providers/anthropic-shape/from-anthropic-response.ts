import type { ChatRequest, ChatResponse, JsonValue, ReasoningPart, ToolCall } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject, optionalString } from '../../core/json-guards.js';
import { newCompletionId } from '../../core/ids.js';
import { jsonResponseToolName, usesJsonResponseTool } from './json-response-tool.js';
import { readAnthropicStopReason } from './read-anthropic-stop-reason.js';
import { readAnthropicUsage } from './read-anthropic-usage.js';

/** What an assistant message's content blocks add up to. */
interface ReadContent {
  text: string | null;
  reasoning: ReasoningPart[];
  toolCalls: ToolCall[];
  /** Whether the forced `json_response` tool answered (its input became `text`). */
  answeredWithJson: boolean;
}

/** Anthropic `Message` body → canonical response. https://docs.anthropic.com/en/api/messages */
export function fromAnthropicResponse(body: unknown, request: ChatRequest): ChatResponse {
  if (!isJsonObject(body) || !Array.isArray(body['content'])) {
    throw new GatewayError('upstream_bad_response', 'The Anthropic response has no `content` array.');
  }
  const content = readContent(body['content'], usesJsonResponseTool(request));
  let finishReason = readAnthropicStopReason(body['stop_reason']);
  // The forced json_response tool is the answer itself, not a call the client must make.
  if (content.answeredWithJson && content.toolCalls.length === 0 && finishReason === 'tool_calls') {
    finishReason = 'stop';
  }
  const response: ChatResponse = {
    id: optionalString(body['id']) ?? newCompletionId(),
    model: optionalString(body['model']) ?? request.model,
    created: Math.floor(Date.now() / 1000),
    choices: [
      {
        index: 0,
        text: content.text,
        reasoning: content.reasoning,
        toolCalls: content.toolCalls,
        finishReason,
      },
    ],
  };
  const usage = readAnthropicUsage(body['usage']);
  if (usage !== undefined) response.usage = usage;
  return response;
}

/** Blocks without a canonical home (server tool use, web search results) are skipped. */
function readContent(blocks: JsonValue[], jsonTool: boolean): ReadContent {
  const content: ReadContent = { text: null, reasoning: [], toolCalls: [], answeredWithJson: false };
  for (const block of blocks) {
    if (!isJsonObject(block)) continue;
    switch (block['type']) {
      case 'text':
        content.text = (content.text ?? '') + (optionalString(block['text']) ?? '');
        break;
      case 'thinking': {
        const signature = optionalString(block['signature']);
        const text = optionalString(block['thinking']) ?? '';
        content.reasoning.push({
          type: 'reasoning',
          text,
          ...(signature === undefined ? {} : { signature }),
        });
        break;
      }
      case 'redacted_thinking':
        content.reasoning.push({
          type: 'reasoning',
          text: '',
          redactedData: optionalString(block['data']) ?? '',
        });
        break;
      case 'tool_use': {
        const name = optionalString(block['name']) ?? '';
        const input = JSON.stringify(block['input'] ?? {});
        if (jsonTool && name === jsonResponseToolName) {
          content.text = (content.text ?? '') + input;
          content.answeredWithJson = true;
        } else {
          content.toolCalls.push({ id: optionalString(block['id']) ?? '', name, arguments: input });
        }
        break;
      }
    }
  }
  return content;
}
