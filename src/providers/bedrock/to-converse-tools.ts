import type { ChatRequest, ToolChoice, ToolDefinition } from '../../core/chat.js';
import { withJsonResponseTool } from '../anthropic-shape/json-response-tool.js';
import type { ConverseToolChoice, ConverseToolConfig, ConverseToolSpec } from './converse-wire.js';

/**
 * Canonical tools, tool choice and a `json_schema` response format → Converse `toolConfig`;
 * undefined when no tool is offered. A JSON Schema answer is obtained as on Anthropic: by forcing
 * a `json_response` tool whose input schema is the schema (its input comes back as the text).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/tool-use-inference-call.html
 *
 * @param hasToolBlocks Whether the conversation holds tool calls or results: Converse then
 *   requires a `toolConfig`, so `tool_choice: none` cannot be expressed by leaving tools out.
 */
export function toConverseTools(
  request: ChatRequest,
  hasToolBlocks: boolean,
  warnings: string[],
): ConverseToolConfig | undefined {
  const offered = withJsonResponseTool(request, warnings, 'bedrock');
  const tools = offered.tools.map(toToolSpec);
  const choice = offered.choice;
  if (request.parallelToolCalls === false && tools.length > 0)
    warnings.push('parallel_tool_calls is not supported by bedrock; ignored');
  if (tools.length === 0) return undefined;
  if (choice === 'none') {
    // Converse has no `none` choice: leaving the tools out is the only way to forbid calls.
    if (!hasToolBlocks) {
      warnings.push('tool_choice none is not supported by bedrock; tools were left out instead');
      return undefined;
    }
    warnings.push('tool_choice none is not supported by bedrock; sent as auto');
    return { tools };
  }
  const toolChoice = toToolChoice(choice);
  return toolChoice === undefined ? { tools } : { tools, toolChoice };
}

function toToolSpec(tool: ToolDefinition): ConverseToolSpec {
  return {
    toolSpec: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      // Converse requires an input schema even for tools without arguments.
      inputSchema: { json: tool.parameters ?? { type: 'object', properties: {} } },
    },
  };
}

/** `any` and `tool` are honoured by Claude, Mistral Large and Nova; other models answer 400. */
function toToolChoice(choice: Exclude<ToolChoice, 'none'> | undefined): ConverseToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  return { tool: { name: choice.name } };
}
