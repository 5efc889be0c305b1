import type { ChatRequest, JsonObject } from '../../core/chat.js';
import type { AnthropicMessagesRequest } from './anthropic-request-schema.js';
import { decodeAnthropicMessages } from './decode-anthropic-messages.js';
import { decodeAnthropicTools } from './decode-anthropic-tools.js';

// Fields mapped to canonical ones. Everything else (`thinking`, `top_k`, `context_management`,
// `service_tier`, `container`, `mcp_servers`, ...) travels in `extra`, marked as Anthropic's:
// translators for Anthropic models read `thinking` from it, the others report it as ignored.
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
 * Server tools are dropped and reported on `warnings`.
 */
export function decodeAnthropicRequest(
  body: AnthropicMessagesRequest,
  raw: JsonObject,
  upstreamModel: string,
  warnings: string[],
): ChatRequest {
  const request: ChatRequest = {
    model: upstreamModel,
    messages: decodeAnthropicMessages(body.system, body.messages),
    stream: body.stream === true,
    // Anthropic streams always report usage (in `message_delta`).
    includeUsage: true,
    maxTokens: body.max_tokens,
  };
  const { tools, toolChoice, parallelToolCalls } = decodeAnthropicTools(body, warnings);
  if (tools.length > 0) request.tools = tools;
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  if (parallelToolCalls !== undefined) request.parallelToolCalls = parallelToolCalls;
  if (body.temperature !== undefined) request.temperature = body.temperature;
  if (body.top_p !== undefined) request.topP = body.top_p;
  if (body.stop_sequences !== undefined && body.stop_sequences.length > 0) request.stop = body.stop_sequences;
  const user = body.metadata?.user_id;
  if (typeof user === 'string' && user !== '') request.user = user;
  const budget = body.thinking?.type === 'enabled' ? body.thinking.budget_tokens : undefined;
  if (budget !== undefined) request.reasoningEffort = reasoningEffortForBudget(budget);
  const extra: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) if (!knownFields.has(key)) extra[key] = value;
  if (Object.keys(extra).length > 0) {
    request.extra = extra;
    request.extraSource = 'anthropic-messages';
  }
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
