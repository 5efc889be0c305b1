import type { ChatRequest, JsonObject, ResponseFormat } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { decodeResponsesInput } from './decode-responses-input.js';
import { decodeResponsesTools } from './decode-responses-tools.js';
import type { ResponsesRequest } from './responses-request-schema.js';
import type { ToolKinds } from './responses-tool-kinds.js';

/** A Responses body read into the canonical request, with what the answer's encoder needs. */
export interface DecodedResponsesRequest {
  request: ChatRequest;
  /** Which tools are `custom` or `local_shell`, so their calls go back as those items. */
  toolKinds: ToolKinds;
  /** Settings dropped in translation (built-in tools, their call items), for `x-portico-warnings`. */
  warnings: string[];
}

/**
 * Maps a validated Responses body to the canonical request. Nothing goes to `extra`: no
 * provider speaks Responses, and Responses-only fields (`store`, `include`, `prompt_cache_key`…)
 * mean nothing to other upstreams.
 */
export function decodeResponsesRequest(
  body: ResponsesRequest,
  upstreamModel: string,
): DecodedResponsesRequest {
  const warnings: string[] = [];
  const request: ChatRequest = {
    model: upstreamModel,
    messages: decodeResponsesInput(body.input, body.instructions ?? undefined, warnings),
    stream: body.stream === true,
    // A Responses stream always ends with `response.completed`, which carries usage.
    includeUsage: true,
  };
  const { tools, toolChoice, kinds } = decodeResponsesTools(body, warnings);
  if (tools.length > 0) request.tools = tools;
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  // Without tools it means nothing, and OpenAI refuses it.
  if (typeof body.parallel_tool_calls === 'boolean' && tools.length > 0)
    request.parallelToolCalls = body.parallel_tool_calls;
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
  return { request, toolKinds: kinds, warnings };
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
