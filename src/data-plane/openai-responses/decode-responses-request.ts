import type { ChatRequest, JsonObject, ResponseFormat, ToolChoice, ToolDefinition } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { assertValidAt } from './assert-valid-at.js';
import { decodeResponsesInput } from './decode-responses-input.js';
import { functionToolValidator, type ResponsesRequest } from './responses-request-schema.js';

/**
 * Maps a validated Responses body to the canonical request. Nothing goes to `extra`: no
 * provider speaks Responses, and Responses-only fields (`store`, `include`, `prompt_cache_key`…)
 * would be refused by Chat Completions upstreams that receive `extra` verbatim.
 */
export function decodeResponsesRequest(body: ResponsesRequest, upstreamModel: string): ChatRequest {
  const request: ChatRequest = {
    model: upstreamModel,
    messages: decodeResponsesInput(body.input, body.instructions ?? undefined),
    stream: body.stream === true,
    // A Responses stream always ends with `response.completed`, which carries usage.
    includeUsage: true,
  };
  const tools = decodeTools(body.tools ?? []);
  if (tools.length > 0) request.tools = tools;
  if (body.tool_choice != null) request.toolChoice = decodeToolChoice(body.tool_choice);
  if (typeof body.parallel_tool_calls === 'boolean') request.parallelToolCalls = body.parallel_tool_calls;
  const format = body.text?.format;
  if (format != null) request.responseFormat = decodeTextFormat(format);
  if (typeof body.max_output_tokens === 'number') request.maxTokens = body.max_output_tokens;
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.topP = body.top_p;
  const effort = body.reasoning?.effort;
  if (typeof effort === 'string') request.reasoningEffort = effort;
  // `safety_identifier` replaces the deprecated `user`: both name the end user for abuse checks.
  const user = body.user ?? body.safety_identifier;
  if (typeof user === 'string') request.user = user;
  return request;
}

/** Non-function tools were refused already (reject-unsupported-fields.ts). */
function decodeTools(tools: NonNullable<ResponsesRequest['tools']>): ToolDefinition[] {
  const names = new Set<string>();
  return tools.map((tool, index) => {
    assertValidAt(functionToolValidator, tool, `tools[${index}]`);
    const wire = tool as JsonObject;
    const name = wire['name'] as string;
    if (names.has(name)) {
      throw new GatewayError('invalid_request', `Duplicate tool name '${name}' in 'tools[${index}]'.`, {
        param: `tools[${index}].name`,
      });
    }
    names.add(name);
    const { description, parameters, strict } = wire;
    return {
      name,
      ...(typeof description === 'string' ? { description } : {}),
      ...(typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters)
        ? { parameters }
        : {}),
      ...(typeof strict === 'boolean' ? { strict } : {}),
    };
  });
}

function decodeToolChoice(choice: NonNullable<ResponsesRequest['tool_choice']>): ToolChoice {
  if (typeof choice === 'string') return choice;
  const name = (choice as JsonObject)['name'];
  if (typeof name !== 'string' || name === '') {
    throw new GatewayError('invalid_request', "Missing 'tool_choice.name' for a function tool choice.", {
      param: 'tool_choice.name',
    });
  }
  return { name };
}

function decodeTextFormat(
  format: NonNullable<NonNullable<ResponsesRequest['text']>['format']>,
): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  if (format.name === undefined) {
    throw new GatewayError('invalid_request', "Missing 'text.format.name' for a json_schema format.", {
      param: 'text.format.name',
    });
  }
  return {
    type: 'json_schema',
    name: format.name,
    ...(format.schema === undefined ? {} : { schema: format.schema as JsonObject }),
    ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
    ...(format.description === undefined ? {} : { description: format.description }),
  };
}
