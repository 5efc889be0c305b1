import type { JsonObject, ToolChoice, ToolDefinition } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { assertValidAt } from './assert-valid-at.js';
import { customToolDefinition, type CustomTool } from './custom-tool-input.js';
import { localShellTool } from './local-shell-call.js';
import {
  customToolValidator,
  functionToolValidator,
  type ResponsesRequest,
} from './responses-request-schema.js';
import type { ToolCallKind, ToolKinds } from './responses-tool-kinds.js';

/**
 * Tools OpenAI runs on its own side. No other provider can run them, so they are dropped with a
 * warning rather than failing clients (Codex sends `web_search` by default).
 */
const builtInToolTypes = new Set([
  'web_search',
  'web_search_2025_08_26',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'file_search',
  'image_generation',
  'code_interpreter',
  'computer',
  'computer_use_preview',
  'mcp',
]);

/** The request's tools in canonical form, and how calls to them go back to the client. */
export interface ResponsesTools {
  /** Function, custom and local_shell tools; empty when none is left. */
  tools: ToolDefinition[];
  /** Absent when the client set none, or it means nothing because no tool is left. */
  toolChoice?: ToolChoice;
  kinds: ToolKinds;
}

/**
 * `tools` and `tool_choice` → canonical tools: functions as they are, `custom` tools as a
 * function taking the text as `input`, `local_shell` as a function taking a command. Built-in
 * tools are dropped (reported on `warnings`) unless `tool_choice` forces one: that is refused.
 */
export function decodeResponsesTools(body: ResponsesRequest, warnings: string[]): ResponsesTools {
  const tools: ToolDefinition[] = [];
  const kinds = new Map<string, ToolCallKind>();
  const dropped: string[] = [];
  (body.tools ?? []).forEach((tool, index) => {
    const decoded = decodeTool(tool, tool.type, `tools[${index}]`);
    if (decoded === 'built-in') {
      dropped.push(tool.type);
      return;
    }
    if (tools.some((known) => known.name === decoded.tool.name)) {
      throw new GatewayError(
        'invalid_request',
        `Duplicate tool name '${decoded.tool.name}' in 'tools[${index}]'.`,
        { param: `tools[${index}].name` },
      );
    }
    tools.push(decoded.tool);
    if (decoded.kind !== undefined) kinds.set(decoded.tool.name, decoded.kind);
  });
  if (dropped.length > 0) {
    const names = [...new Set(dropped)];
    const subject = names.length === 1 ? 'built-in tool' : 'built-in tools';
    const verb = names.length === 1 ? 'runs' : 'run';
    warnings.push(`${subject} ${names.join(', ')} ${verb} only on openai; dropped`);
  }
  const result: ResponsesTools = { tools, kinds };
  const choice = body.tool_choice == null ? undefined : decodeToolChoice(body.tool_choice, tools, dropped);
  if (choice !== undefined) result.toolChoice = choice;
  return result;
}

type DecodedTool = { tool: ToolDefinition; kind?: ToolCallKind } | 'built-in';

/** One tool (its `type` checked to be a string by the body schema). */
function decodeTool(tool: JsonObject, type: string, param: string): DecodedTool {
  if (type === 'function') {
    assertValidAt(functionToolValidator, tool, param);
    const { name, description, parameters, strict } = tool;
    return {
      tool: {
        name: name as string,
        ...(typeof description === 'string' ? { description } : {}),
        ...(typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters)
          ? { parameters }
          : {}),
        ...(typeof strict === 'boolean' ? { strict } : {}),
      },
    };
  }
  if (type === 'custom') {
    assertValidAt(customToolValidator, tool, param);
    const custom = tool as unknown as CustomTool;
    if (custom.format?.type === 'grammar' && custom.format.definition === undefined) {
      throw new GatewayError('invalid_request', `Missing '${param}.format.definition'.`, {
        param: `${param}.format.definition`,
      });
    }
    return { tool: customToolDefinition(custom), kind: 'custom' };
  }
  if (type === 'local_shell') return { tool: localShellTool, kind: 'local_shell' };
  if (builtInToolTypes.has(type)) return 'built-in';
  throw new GatewayError(
    'unsupported_parameter',
    `Tool type '${type}' in '${param}' is not supported: Portico serves Responses from any provider and supports 'function', 'custom' and 'local_shell' tools (built-in tools are dropped).`,
    { param: `${param}.type` },
  );
}

/**
 * `auto` / `none` / `required` and a named function or custom tool translate. `auto` and `none`
 * are left out when no tool is left (upstreams refuse a tool choice without tools); forcing a
 * built-in tool, or `required` when only built-in tools were sent, is refused: it cannot be honoured.
 */
function decodeToolChoice(
  choice: NonNullable<ResponsesRequest['tool_choice']>,
  tools: ToolDefinition[],
  dropped: string[],
): ToolChoice | undefined {
  if (typeof choice === 'string') {
    if (tools.length > 0 || (choice === 'required' && dropped.length === 0)) return choice;
    if (choice !== 'required') return undefined;
    throw new GatewayError(
      'unsupported_parameter',
      `tool_choice 'required' cannot be honoured: the only tools sent (${dropped.join(', ')}) run only on OpenAI, and Portico drops them.`,
      { param: 'tool_choice' },
    );
  }
  const type = choice.type;
  if (type === 'function' || type === 'custom') {
    const name = (choice as JsonObject)['name'];
    if (typeof name !== 'string' || name === '') {
      throw new GatewayError('invalid_request', `Missing 'tool_choice.name' for a ${type} tool choice.`, {
        param: 'tool_choice.name',
      });
    }
    return { name };
  }
  if (builtInToolTypes.has(type)) {
    throw new GatewayError(
      'unsupported_parameter',
      `tool_choice forces the built-in tool '${type}', which runs only on OpenAI: Portico drops built-in tools.`,
      { param: 'tool_choice.type' },
    );
  }
  throw new GatewayError(
    'unsupported_parameter',
    `tool_choice of type '${type}' is not supported; use 'auto', 'none', 'required', {"type": "function", "name": ...} or {"type": "custom", "name": ...}.`,
    { param: 'tool_choice.type' },
  );
}
