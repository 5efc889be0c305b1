import type { ChatRequest, JsonObject, ToolChoice, ToolDefinition } from '../../core/chat.js';
import type {
  AnthropicMessagesRequest,
  AnthropicWireTool,
  AnthropicWireToolChoice,
} from './anthropic-request-schema.js';
import { passthroughOnly } from './decode-anthropic-content.js';
import { decodeAnthropicMessages } from './decode-anthropic-messages.js';

// Fields mapped to canonical ones. Everything else (`thinking`, `top_k`, `service_tier`, ...)
// travels in `extra`, where the Anthropic translator reads `thinking` and others can report it.
const knownFields = new Set([
  'model',
  'messages',
  'system',
  'max_tokens',
  'stream',
  'stop_sequences',
  'temperature',
  'top_p',
  'tools',
  'tool_choice',
  'metadata',
]);

/**
 * Maps a validated Anthropic Messages body to the canonical request, for providers that speak
 * another dialect. `raw` is the same object untyped, read for fields the schema does not know.
 */
export function decodeAnthropicRequest(
  body: AnthropicMessagesRequest,
  raw: JsonObject,
  upstreamModel: string,
): ChatRequest {
  const request: ChatRequest = {
    model: upstreamModel,
    messages: decodeAnthropicMessages(body.system, body.messages),
    stream: body.stream === true,
    // Anthropic streams always report usage (in `message_delta`).
    includeUsage: true,
    maxTokens: body.max_tokens,
  };
  if (body.tools !== undefined && body.tools.length > 0) request.tools = body.tools.map(decodeTool);
  if (body.tool_choice !== undefined) {
    request.toolChoice = decodeToolChoice(body.tool_choice);
    if (body.tool_choice.type !== 'none' && body.tool_choice.disable_parallel_tool_use !== undefined) {
      request.parallelToolCalls = !body.tool_choice.disable_parallel_tool_use;
    }
  }
  if (body.temperature !== undefined) request.temperature = body.temperature;
  if (body.top_p !== undefined) request.topP = body.top_p;
  if (body.stop_sequences !== undefined && body.stop_sequences.length > 0) request.stop = body.stop_sequences;
  const user = body.metadata?.user_id;
  if (typeof user === 'string' && user !== '') request.user = user;
  const budget = body.thinking?.type === 'enabled' ? body.thinking.budget_tokens : undefined;
  if (budget !== undefined) request.reasoningEffort = reasoningEffortForBudget(budget);
  const extra: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) if (!knownFields.has(key)) extra[key] = value;
  if (Object.keys(extra).length > 0) request.extra = extra;
  return request;
}

/**
 * A thinking budget (tokens) → OpenAI-style `reasoning_effort`, split between the budgets the
 * Anthropic translator uses for each effort (2048 low, 8192 medium, 24576 high), so a request
 * translated both ways keeps its effort.
 */
export function reasoningEffortForBudget(budgetTokens: number): 'low' | 'medium' | 'high' {
  if (budgetTokens < 4096) return 'low';
  if (budgetTokens < 16384) return 'medium';
  return 'high';
}

/** Client tools translate; Anthropic-defined tools (dated `type`) run on or are shaped by Anthropic. */
function decodeTool(tool: AnthropicWireTool, index: number): ToolDefinition {
  if (tool.type !== undefined && tool.type !== 'custom') {
    throw passthroughOnly(`The Anthropic tool '${tool.type}'`, `tools[${index}]`);
  }
  return {
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    ...(tool.input_schema === undefined ? {} : { parameters: tool.input_schema as JsonObject }),
  };
}

/** https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use */
function decodeToolChoice(choice: AnthropicWireToolChoice): ToolChoice {
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
