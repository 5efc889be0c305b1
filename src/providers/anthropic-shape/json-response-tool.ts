import type { ChatRequest, ToolChoice, ToolDefinition } from '../../core/chat.js';

/**
 * Anthropic has no `response_format`: a JSON Schema answer is obtained by forcing a tool whose
 * input schema is the schema, then returning the tool input as the message text. Converse is
 * asked the same way.
 * https://docs.anthropic.com/en/docs/build-with-claude/tool-use#json-mode
 */
export const jsonResponseToolName = 'json_response';

/** Neither API has a JSON mode; `json_object` is asked for in the system prompt. */
export const jsonObjectInstruction = 'Respond with a single JSON object only.';

/** Whether the request is translated with the forced `json_response` tool. */
export function usesJsonResponseTool(request: ChatRequest): boolean {
  return request.responseFormat?.type === 'json_schema';
}

/** The tools to offer and the choice to send, the forced `json_response` tool included. */
export interface ToolsToOffer {
  tools: ToolDefinition[];
  choice: ToolChoice | undefined;
}

/**
 * The request's tools and tool choice, plus the forced `json_response` tool for a `json_schema`
 * response format (which then overrides the client's tool choice, with a warning).
 * @param vendor The provider as the warning names it.
 */
export function withJsonResponseTool(request: ChatRequest, warnings: string[], vendor: string): ToolsToOffer {
  const tools = [...(request.tools ?? [])];
  const format = request.responseFormat;
  if (format?.type !== 'json_schema') return { tools, choice: request.toolChoice };
  tools.push({
    name: jsonResponseToolName,
    description: format.description ?? `Respond with a JSON object (${format.name}).`,
    parameters: format.schema ?? { type: 'object' },
  });
  if (request.toolChoice !== undefined) {
    warnings.push(`tool_choice cannot be combined with a json_schema response_format on ${vendor}; ignored`);
  }
  return { tools, choice: { name: jsonResponseToolName } };
}
