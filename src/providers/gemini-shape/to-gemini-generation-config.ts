import type { ChatRequest, ResponseFormat } from '../../core/chat.js';
import type { GeminiGenerationConfig, GeminiThinkingConfig } from './gemini-wire.js';

/**
 * Thinking budgets (tokens) for OpenAI's `reasoning_effort`, as Google's own OpenAI endpoint maps
 * them (https://ai.google.dev/gemini-api/docs/openai). `minimal` gets the smallest real budget
 * rather than 0, because 0 (thinking off) is rejected by the Pro models.
 */
const thinkingBudgetByEffort: ReadonlyMap<string, number> = new Map([
  ['minimal', 1024],
  ['low', 1024],
  ['medium', 8192],
  ['high', 24576],
]);

/**
 * Canonical sampling, output and reasoning settings → `generationConfig`; undefined when the
 * request sets none. https://ai.google.dev/api/generate-content#generationconfig
 */
export function toGeminiGenerationConfig(
  request: ChatRequest,
  warnings: string[],
): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0) config.stopSequences = request.stop;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  if (request.n !== undefined) config.candidateCount = request.n;
  if (request.logprobs === true) config.responseLogprobs = true;
  if (request.topLogprobs !== undefined) config.logprobs = request.topLogprobs;
  if (request.responseFormat !== undefined) applyResponseFormat(config, request.responseFormat);
  const thinking = toThinkingConfig(request.reasoningEffort, warnings);
  if (thinking !== undefined) config.thinkingConfig = thinking;
  return Object.keys(config).length === 0 ? undefined : config;
}

/** https://ai.google.dev/gemini-api/docs/structured-output */
function applyResponseFormat(config: GeminiGenerationConfig, format: ResponseFormat): void {
  if (format.type === 'text') return;
  config.responseMimeType = 'application/json';
  // `responseJsonSchema` takes plain JSON Schema; `responseSchema` only an OpenAPI subset.
  if (format.type === 'json_schema' && format.schema !== undefined) config.responseJsonSchema = format.schema;
}

/** Thought summaries are asked for whenever thinking is on, so clients see `reasoning_content`. */
function toThinkingConfig(effort: string | undefined, warnings: string[]): GeminiThinkingConfig | undefined {
  if (effort === undefined) return undefined;
  if (effort === 'none') return { thinkingBudget: 0 };
  const budget = thinkingBudgetByEffort.get(effort);
  if (budget === undefined) {
    // The value is the client's and ends up in a response header: repeated only when plain.
    const shown = /^[\w-]{1,32}$/.test(effort) ? ` '${effort}'` : '';
    warnings.push(`reasoning_effort${shown} is not supported by gemini; ignored`);
    return undefined;
  }
  return { thinkingBudget: budget, includeThoughts: true };
}
