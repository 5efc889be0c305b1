import type { ChatRequest, JsonObject, ResponseFormat, ToolDefinition } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { CohereChatRequest, CohereResponseFormat, CohereTool } from './cohere-wire.js';
import { toCohereMessages } from './to-cohere-messages.js';

/** A Cohere request body and the client settings it could not carry. */
export interface CohereRequestPlan {
  body: CohereChatRequest;
  /** One sentence per dropped setting; empty when everything was honoured. */
  warnings: string[];
}

/** Thinking budgets (tokens) for OpenAI's `reasoning_effort`, as for the other translators. */
const budgetByEffort: ReadonlyMap<string, number> = new Map([
  ['minimal', 1024],
  ['low', 2048],
  ['medium', 8192],
  ['high', 24576],
]);

/** Client-chosen names end up in a response header, so only plain ones are repeated. */
const plainName = /^[\w.-]{1,64}$/;

/** Canonical request → body of `POST /v2/chat`. https://docs.cohere.com/reference/chat */
export function toCohereRequest(request: ChatRequest): CohereRequestPlan {
  if (request.n !== undefined && request.n > 1) {
    throw new GatewayError('unsupported_parameter', 'n > 1 is not supported by Cohere', { param: 'n' });
  }
  const warnings: string[] = [];
  const body: CohereChatRequest = {
    model: request.model,
    messages: toCohereMessages(request.messages, warnings),
  };
  Object.assign(body, toCohereTools(request, warnings));
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.p = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  const format = toCohereResponseFormat(request.responseFormat);
  if (format !== undefined) body.response_format = format;
  const thinking = toCohereThinking(request, warnings);
  if (thinking !== undefined) body.thinking = thinking;
  if (request.stream) body.stream = true;
  warnings.push(...droppedSettingWarnings(request));
  return { body, warnings };
}

/**
 * Cohere's `tool_choice` knows only REQUIRED and NONE; a named tool is forced by offering that
 * tool alone with REQUIRED. https://docs.cohere.com/docs/tool-use-usage-patterns
 */
function toCohereTools(
  request: ChatRequest,
  warnings: string[],
): Pick<CohereChatRequest, 'tools' | 'tool_choice'> {
  let tools = request.tools ?? [];
  if (request.parallelToolCalls === false) {
    warnings.push('parallel_tool_calls=false is not supported by cohere; ignored');
  }
  if (tools.length === 0) return {};
  const choice = request.toolChoice;
  if (typeof choice === 'object') {
    tools = tools.filter((tool) => tool.name === choice.name);
    if (tools.length === 0) {
      throw new GatewayError('invalid_request', 'tool_choice names a function that is not in tools.', {
        param: 'tool_choice',
      });
    }
  }
  const fields: Pick<CohereChatRequest, 'tools' | 'tool_choice'> = { tools: tools.map(toCohereTool) };
  if (choice === 'none') fields.tool_choice = 'NONE';
  if (choice === 'required' || typeof choice === 'object') fields.tool_choice = 'REQUIRED';
  return fields;
}

function toCohereTool(tool: ToolDefinition): CohereTool {
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      ...(tool.parameters === undefined ? {} : { parameters: tool.parameters }),
    },
  };
}

/** https://docs.cohere.com/docs/structured-outputs */
function toCohereResponseFormat(format: ResponseFormat | undefined): CohereResponseFormat | undefined {
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type === 'json_schema' && format.schema !== undefined) {
    return { type: 'json_object', json_schema: format.schema };
  }
  return { type: 'json_object' };
}

/** A client's own `thinking` object is sent as is; else one is derived from `reasoning_effort`. */
function toCohereThinking(request: ChatRequest, warnings: string[]): JsonObject | undefined {
  const explicit = request.extra?.['thinking'];
  if (isJsonObject(explicit)) return explicit;
  const effort = request.reasoningEffort;
  if (effort === undefined) return undefined;
  if (effort === 'none') return { type: 'disabled' };
  const budget = budgetByEffort.get(effort);
  if (budget !== undefined) return { type: 'enabled', token_budget: budget };
  const shown = /^[\w-]{1,32}$/.test(effort) ? ` '${effort}'` : '';
  warnings.push(`reasoning_effort${shown} is not supported by cohere; ignored`);
  return undefined;
}

/** Settings Cohere has no counterpart for, and fields of other dialects it cannot express. */
function droppedSettingWarnings(request: ChatRequest): string[] {
  const dropped: string[] = [];
  if (request.logprobs === true || request.topLogprobs !== undefined) dropped.push('logprobs');
  if (request.user !== undefined) dropped.push('user');
  const extra = Object.keys(request.extra ?? {}).filter((name) => name !== 'thinking');
  dropped.push(...extra.map((name) => (plainName.test(name) ? name : 'an unnamed field')));
  return [...new Set(dropped)].map((setting) => `${setting} is not supported by cohere; ignored`);
}
