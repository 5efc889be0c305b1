import type {
  ChatRequest,
  ChatResponse,
  JsonObject,
  JsonValue,
  ReasoningPart,
  ToolCall,
} from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject, optionalString } from '../../core/json-guards.js';
import { newCompletionId } from '../../core/ids.js';
import { jsonResponseToolName, usesJsonResponseTool } from '../anthropic-shape/json-response-tool.js';
import { readConverseStopReason } from './read-converse-stop-reason.js';
import { readConverseUsage } from './read-converse-usage.js';

/** What an assistant message's content blocks add up to. */
interface ReadContent {
  text: string | null;
  reasoning: ReasoningPart[];
  toolCalls: ToolCall[];
  /** Whether the forced `json_response` tool answered (its input became `text`). */
  answeredWithJson: boolean;
}

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
  let finishReason = readConverseStopReason(body['stopReason']);
  // The forced json_response tool is the answer itself, not a call the client must make.
  if (content.answeredWithJson && content.toolCalls.length === 0 && finishReason === 'tool_calls') {
    finishReason = 'stop';
  }
  const response: ChatResponse = {
    id: newCompletionId(),
    model: request.model,
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
  const usage = readConverseUsage(body['usage']);
  if (usage !== undefined) response.usage = usage;
  return response;
}

/** Blocks without a canonical home (citations, guard content, documents) are skipped. */
function readContent(blocks: JsonValue[], jsonTool: boolean): ReadContent {
  const content: ReadContent = { text: null, reasoning: [], toolCalls: [], answeredWithJson: false };
  for (const block of blocks) {
    if (!isJsonObject(block)) continue;
    const text = optionalString(block['text']);
    if (text !== undefined) content.text = (content.text ?? '') + text;
    if (isJsonObject(block['reasoningContent']))
      content.reasoning.push(readReasoning(block['reasoningContent']));
    if (isJsonObject(block['toolUse'])) readToolUse(block['toolUse'], jsonTool, content);
  }
  return content;
}

/** Signed reasoning text, or the encrypted blob Claude returns when its reasoning was redacted. */
function readReasoning(reasoning: JsonObject): ReasoningPart {
  const redacted = optionalString(reasoning['redactedContent']);
  if (redacted !== undefined) return { type: 'reasoning', text: '', redactedData: redacted };
  const reasoningText = isJsonObject(reasoning['reasoningText']) ? reasoning['reasoningText'] : {};
  const signature = optionalString(reasoningText['signature']);
  return {
    type: 'reasoning',
    text: optionalString(reasoningText['text']) ?? '',
    ...(signature === undefined ? {} : { signature }),
  };
}

function readToolUse(toolUse: JsonObject, jsonTool: boolean, content: ReadContent): void {
  const name = optionalString(toolUse['name']) ?? '';
  const input = JSON.stringify(toolUse['input'] ?? {});
  if (jsonTool && name === jsonResponseToolName) {
    content.text = (content.text ?? '') + input;
    content.answeredWithJson = true;
    return;
  }
  content.toolCalls.push({ id: optionalString(toolUse['toolUseId']) ?? '', name, arguments: input });
}
