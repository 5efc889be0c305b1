import type {
  AssistantMessage,
  ChatMessage,
  ChatRequest,
  JsonObject,
  ResponseFormat,
  ToolChoice,
  UserContentPart,
} from '../../../src/core/chat.js';
import { sealReasoning } from '../../../src/data-plane/openai-responses/reasoning-seal.js';

/**
 * Canonical request → `POST /v1/responses` body, as a Responses client would write the same
 * conversation (test-only: no provider speaks Responses, so the gateway has no such encoder).
 * System messages become `developer` items in place; an assistant turn becomes its reasoning
 * items, its message and one `function_call` item per call; a tool message becomes a
 * `function_call_output`. Settings Responses has no field for (`stop`, `seed`, penalties, `n`,
 * logprobs) are left out. https://platform.openai.com/docs/api-reference/responses/create
 */
export function toResponsesRequest(request: ChatRequest): JsonObject {
  const body: JsonObject = { model: request.model, input: request.messages.flatMap(toItems), store: false };
  if (request.tools !== undefined) {
    body['tools'] = request.tools.map((tool) => ({
      type: 'function',
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      ...(tool.parameters === undefined ? {} : { parameters: tool.parameters }),
      ...(tool.strict === undefined ? {} : { strict: tool.strict }),
    }));
  }
  if (request.toolChoice !== undefined) body['tool_choice'] = toToolChoice(request.toolChoice);
  if (request.parallelToolCalls !== undefined) body['parallel_tool_calls'] = request.parallelToolCalls;
  if (request.responseFormat !== undefined) body['text'] = { format: toTextFormat(request.responseFormat) };
  if (request.maxTokens !== undefined) body['max_output_tokens'] = request.maxTokens;
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.topP !== undefined) body['top_p'] = request.topP;
  if (request.reasoningEffort !== undefined) body['reasoning'] = { effort: request.reasoningEffort };
  if (request.user !== undefined) body['user'] = request.user;
  if (request.stream) body['stream'] = true;
  return body;
}

function toItems(message: ChatMessage): JsonObject[] {
  switch (message.role) {
    case 'system':
      return [{ type: 'message', role: 'developer', content: message.content.map(toInputPart) }];
    case 'user':
      return [{ type: 'message', role: 'user', content: message.content.map(toInputPart) }];
    case 'assistant':
      return assistantItems(message);
    case 'tool':
      return [
        {
          type: 'function_call_output',
          call_id: message.toolCallId,
          output: message.content.map((part) => part.text).join(''),
        },
      ];
  }
}

function toInputPart(part: UserContentPart): JsonObject {
  const breakpoint = part.cacheControl === undefined ? {} : { prompt_cache_breakpoint: {} };
  if (part.type === 'text') return { type: 'input_text', text: part.text, ...breakpoint };
  const url = part.url ?? `data:${part.mediaType ?? 'image/png'};base64,${part.data ?? ''}`;
  return {
    type: 'input_image',
    image_url: url,
    ...(part.detail === undefined ? {} : { detail: part.detail }),
    ...breakpoint,
  };
}

/** Reasoning first, then the text, then the calls: the order Responses itself outputs them in. */
function assistantItems(message: AssistantMessage): JsonObject[] {
  const items: JsonObject[] = [];
  for (const part of message.content) {
    if (part.type !== 'reasoning') continue;
    const sealed = sealReasoning(part);
    items.push({
      type: 'reasoning',
      summary: part.text === '' ? [] : [{ type: 'summary_text', text: part.text }],
      ...(sealed === null ? {} : { encrypted_content: sealed }),
    });
  }
  const text = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  if (text !== '') {
    items.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
  }
  for (const call of message.toolCalls) {
    items.push({ type: 'function_call', call_id: call.id, name: call.name, arguments: call.arguments });
  }
  return items;
}

function toToolChoice(choice: ToolChoice): JsonObject | string {
  return typeof choice === 'string' ? choice : { type: 'function', name: choice.name };
}

function toTextFormat(format: ResponseFormat): JsonObject {
  if (format.type !== 'json_schema') return { type: format.type };
  return {
    type: 'json_schema',
    name: format.name,
    ...(format.schema === undefined ? {} : { schema: format.schema }),
    ...(format.strict === undefined ? {} : { strict: format.strict }),
    ...(format.description === undefined ? {} : { description: format.description }),
  };
}
