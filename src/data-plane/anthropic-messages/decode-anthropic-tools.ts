import type { JsonObject, ToolChoice, ToolDefinition } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { AnthropicMessagesRequest, AnthropicWireTool } from './anthropic-request-schema.js';
import { passthroughOnly } from './decode-anthropic-content.js';

/**
 * Anthropic-defined tools the client runs itself (`bash_20250124`, `text_editor_…`, `computer_…`,
 * `memory_…`): their input schema is built into Claude and absent from the request, so another
 * model could not call them. They are refused rather than dropped, as the client depends on them.
 */
const clientRunToolPrefixes = ['bash_', 'text_editor_', 'computer_', 'memory_'];

/** The request's tools in canonical form. */
export interface AnthropicTools {
  /** Client tools; empty when none is left. */
  tools: ToolDefinition[];
  /** Absent when the client set none, or it means nothing because no tool is left. */
  toolChoice?: ToolChoice;
  /** From `disable_parallel_tool_use`, when tools are left. */
  parallelToolCalls?: boolean;
}

/**
 * `tools` and `tool_choice` → canonical tools, for upstreams other than Anthropic. Client tools
 * translate. Server tools (`web_search_…`, `web_fetch_…`, `code_execution_…`, …) run on
 * Anthropic's side: they are dropped and reported on `warnings` (Claude Code sends
 * `web_search`), unless `tool_choice` forces one, which is refused.
 * https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/overview
 */
export function decodeAnthropicTools(body: AnthropicMessagesRequest, warnings: string[]): AnthropicTools {
  const tools: ToolDefinition[] = [];
  const dropped: AnthropicWireTool[] = [];
  body.tools?.forEach((tool, index) => {
    const type = tool.type;
    if (type === undefined || type === 'custom') tools.push(clientTool(tool));
    else if (clientRunToolPrefixes.some((prefix) => type.startsWith(prefix)))
      throw passthroughOnly(`The Anthropic tool '${type}'`, `tools[${index}]`);
    else dropped.push(tool);
  });
  if (dropped.length > 0) {
    const types = [...new Set(dropped.map((tool) => tool.type))];
    const subject = types.length === 1 ? 'server tool' : 'server tools';
    const verb = types.length === 1 ? 'runs' : 'run';
    warnings.push(`${subject} ${types.join(', ')} ${verb} only on anthropic; dropped`);
  }
  const result: AnthropicTools = { tools };
  const choice = body.tool_choice;
  if (choice === undefined) return result;
  const forced = choice.type === 'tool' ? dropped.find((tool) => tool.name === choice.name) : undefined;
  if (forced !== undefined) {
    throw new GatewayError(
      'unsupported_parameter',
      `tool_choice forces the server tool '${forced.name}' (${forced.type ?? ''}), which runs only on Anthropic: route the request to an Anthropic provider.`,
      { param: 'tool_choice.name' },
    );
  }
  if (tools.length === 0 && dropped.length > 0) {
    if (choice.type !== 'any') return result; // `auto` or `none` without tools means nothing
    throw new GatewayError(
      'unsupported_parameter',
      "tool_choice 'any' cannot be honoured: the only tools sent are server tools, which run only on Anthropic.",
      { param: 'tool_choice.type' },
    );
  }
  result.toolChoice = toToolChoice(choice);
  if (choice.type !== 'none' && choice.disable_parallel_tool_use !== undefined) {
    result.parallelToolCalls = !choice.disable_parallel_tool_use;
  }
  return result;
}

function clientTool(tool: AnthropicWireTool): ToolDefinition {
  return {
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    ...(tool.input_schema === undefined ? {} : { parameters: tool.input_schema as JsonObject }),
  };
}

/** https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use */
function toToolChoice(choice: NonNullable<AnthropicMessagesRequest['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { name: choice.name ?? '' }; // present: checkMessagesRequest requires it
  }
}
