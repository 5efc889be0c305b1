import type { ChatRequest, ToolChoice, ToolDefinition } from '../../core/chat.js';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-wire.js';
import { withJsonResponseTool } from './json-response-tool.js';

/** The `tools` and `tool_choice` fields of an Anthropic request; both absent when there are no tools. */
export interface AnthropicToolFields {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
}

/**
 * Canonical tools, tool choice, parallel-call switch and `json_schema` response format →
 * Anthropic tools. https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
export function toAnthropicTools(request: ChatRequest, warnings: string[]): AnthropicToolFields {
  const offered = withJsonResponseTool(request, warnings, 'anthropic');
  const tools = offered.tools.map(toAnthropicTool);
  const choice = offered.choice;
  if (tools.length === 0) return {};
  const toolChoice = toAnthropicToolChoice(choice, request.parallelToolCalls);
  return toolChoice === undefined ? { tools } : { tools, tool_choice: toolChoice };
}

function toAnthropicTool(tool: ToolDefinition): AnthropicTool {
  return {
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    // Anthropic requires an input schema even for tools without arguments.
    input_schema: tool.parameters ?? { type: 'object', properties: {} },
  };
}

/** `parallel_tool_calls: false` lives on Anthropic's tool choice, so it needs one (`auto`) to sit on. */
function toAnthropicToolChoice(
  choice: ToolChoice | undefined,
  parallelToolCalls: boolean | undefined,
): AnthropicToolChoice | undefined {
  if (choice === 'none') return { type: 'none' };
  const serial = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallelToolCalls === false ? { type: 'auto', ...serial } : undefined;
  if (choice === 'auto') return { type: 'auto', ...serial };
  if (choice === 'required') return { type: 'any', ...serial };
  return { type: 'tool', name: choice.name, ...serial };
}
