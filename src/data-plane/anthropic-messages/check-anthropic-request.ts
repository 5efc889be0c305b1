import type { JsonValue } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import { assertValid, firstSchemaProblem } from '../../core/schema-error.js';
import {
  blockValidators,
  countTokensRequestValidator,
  messagesRequestValidator,
  type AnthropicCountTokensRequest,
  type AnthropicMessagesRequest,
} from './anthropic-request-schema.js';

/**
 * Validates a `POST /v1/messages` body: the schema, then every known content block and the
 * rules between fields. Runs for passthrough too, so a malformed request never costs an upstream call.
 */
export function checkMessagesRequest(body: unknown): AnthropicMessagesRequest {
  assertValid(messagesRequestValidator, body);
  const typed = body as AnthropicMessagesRequest;
  checkConversation(typed);
  return typed;
}

/** Validates a `POST /v1/messages/count_tokens` body. */
export function checkCountTokensRequest(body: unknown): AnthropicCountTokensRequest {
  assertValid(countTokensRequestValidator, body);
  const typed = body as AnthropicCountTokensRequest;
  checkConversation(typed);
  return typed;
}

function checkConversation(body: AnthropicCountTokensRequest): void {
  body.messages.forEach((message, index) => {
    if (Array.isArray(message.content)) checkBlocks(message.content, `messages[${index}].content`);
  });
  const names = new Set<string>();
  body.tools?.forEach((tool, index) => {
    if (names.has(tool.name)) {
      throw new GatewayError('invalid_request', `Duplicate tool name '${tool.name}' in 'tools[${index}]'.`, {
        param: `tools[${index}].name`,
      });
    }
    names.add(tool.name);
    const custom = tool.type === undefined || tool.type === 'custom';
    if (custom && tool.input_schema === undefined) {
      throw new GatewayError('invalid_request', `Missing 'tools[${index}].input_schema'.`, {
        param: `tools[${index}].input_schema`,
      });
    }
  });
  if (body.tool_choice?.type === 'tool' && body.tool_choice.name === undefined) {
    throw new GatewayError(
      'invalid_request',
      "Missing 'tool_choice.name': a tool choice of type 'tool' names the tool.",
      {
        param: 'tool_choice.name',
      },
    );
  }
  const thinking = body.thinking;
  if (thinking?.type === 'enabled' && thinking.budget_tokens === undefined) {
    throw new GatewayError(
      'invalid_request',
      "Missing 'thinking.budget_tokens': enabled thinking needs a budget.",
      {
        param: 'thinking.budget_tokens',
      },
    );
  }
}

/** Checks blocks of a known type against their schema; tool results are checked one level down. */
function checkBlocks(blocks: readonly JsonValue[], param: string): void {
  blocks.forEach((block, index) => {
    if (!isJsonObject(block) || typeof block['type'] !== 'string') return; // the schema already refused these
    const validator = blockValidators.get(block['type']);
    const at = `${param}[${index}]`;
    if (validator !== undefined && !validator.Check(block)) {
      const { path, problem } = firstSchemaProblem(validator.Errors(block), validator.Type());
      const where = path === '' ? at : `${at}.${path}`;
      throw new GatewayError('invalid_request', `Invalid '${where}': ${problem}.`, { param: where });
    }
    const nested = block['content'];
    if (block['type'] === 'tool_result' && Array.isArray(nested)) checkBlocks(nested, `${at}.content`);
  });
}
