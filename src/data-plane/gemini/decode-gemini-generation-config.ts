import type { ChatRequest, JsonObject, ResponseFormat } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';
import { geminiSchemaToJsonSchema } from './gemini-schema-to-json-schema.js';
import type { GeminiWireGenerationConfig } from './gemini-request-schema.js';
import { ignoredWarning } from './ignored-warning.js';

/** The canonical settings a `generationConfig` maps to. */
export type GenerationSettings = Pick<
  ChatRequest,
  | 'temperature'
  | 'topP'
  | 'maxTokens'
  | 'stop'
  | 'seed'
  | 'n'
  | 'presencePenalty'
  | 'frequencyPenalty'
  | 'logprobs'
  | 'topLogprobs'
  | 'responseFormat'
  | 'reasoningEffort'
>;

// Read below; `includeThoughts` only asks Gemini to return thoughts, which translated
// providers return whenever they think, so it needs no counterpart.
const knownFields: ReadonlySet<string> = new Set([
  'temperature',
  'topP',
  'maxOutputTokens',
  'stopSequences',
  'seed',
  'candidateCount',
  'presencePenalty',
  'frequencyPenalty',
  'responseLogprobs',
  'logprobs',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'thinkingConfig',
]);

const effortLevels: ReadonlySet<string> = new Set(['minimal', 'low', 'medium', 'high']);

/**
 * Gemini `generationConfig` → canonical sampling, output and reasoning settings. Fields without
 * a canonical home (e.g. `topK`, `responseModalities`) are dropped with a warning.
 * https://ai.google.dev/api/generate-content#generationconfig
 */
export function decodeGeminiGenerationConfig(
  config: GeminiWireGenerationConfig,
  warnings: string[],
): GenerationSettings {
  const settings: GenerationSettings = {};
  if (config.temperature !== undefined) settings.temperature = config.temperature;
  if (config.topP !== undefined) settings.topP = config.topP;
  if (config.maxOutputTokens !== undefined) settings.maxTokens = config.maxOutputTokens;
  if (config.stopSequences !== undefined && config.stopSequences.length > 0)
    settings.stop = config.stopSequences;
  if (config.seed !== undefined) settings.seed = config.seed;
  if (config.candidateCount !== undefined) settings.n = config.candidateCount;
  if (config.presencePenalty !== undefined) settings.presencePenalty = config.presencePenalty;
  if (config.frequencyPenalty !== undefined) settings.frequencyPenalty = config.frequencyPenalty;
  if (config.responseLogprobs !== undefined) settings.logprobs = config.responseLogprobs;
  if (config.logprobs !== undefined) settings.topLogprobs = config.logprobs;
  const format = decodeResponseFormat(config, warnings);
  if (format !== undefined) settings.responseFormat = format;
  const effort = decodeThinking(config.thinkingConfig, warnings);
  if (effort !== undefined) settings.reasoningEffort = effort;
  const unknown = Object.keys(config).filter((key) => !knownFields.has(key));
  if (unknown.length > 0) warnings.push(ignoredWarning('generationConfig.', unknown));
  return settings;
}

/** https://ai.google.dev/gemini-api/docs/structured-output */
function decodeResponseFormat(
  config: GeminiWireGenerationConfig,
  warnings: string[],
): ResponseFormat | undefined {
  const mimeType = config.responseMimeType;
  const schema = responseSchema(config);
  if (mimeType === 'application/json') {
    return schema === undefined ? { type: 'json_object' } : { type: 'json_schema', name: 'response', schema };
  }
  if (mimeType === 'text/plain') return { type: 'text' };
  if (mimeType !== undefined) warnings.push(ignoredWarning('generationConfig.', ['responseMimeType']));
  return undefined;
}

/** `responseJsonSchema` is plain JSON Schema; `responseSchema` is the OpenAPI subset. */
function responseSchema(config: GeminiWireGenerationConfig): JsonObject | undefined {
  if (isJsonObject(config.responseJsonSchema)) return config.responseJsonSchema;
  if (config.responseSchema !== undefined)
    return geminiSchemaToJsonSchema(config.responseSchema as JsonObject);
  return undefined;
}

/**
 * `thinkingLevel` names an effort directly; `thinkingBudget` (tokens) is bucketed with the
 * budgets the Gemini provider uses for each effort. A budget of 0 (thinking off) and -1 (the
 * model decides) leave the effort unset: off is the default of every translated provider except
 * OpenAI's reasoning models, several of which refuse `none`.
 * https://ai.google.dev/gemini-api/docs/thinking
 */
function decodeThinking(
  thinking: GeminiWireGenerationConfig['thinkingConfig'],
  warnings: string[],
): string | undefined {
  if (thinking === undefined) return undefined;
  if (thinking.thinkingLevel !== undefined) {
    const level = thinking.thinkingLevel.toLowerCase();
    if (effortLevels.has(level)) return level;
    if (level !== 'thinking_level_unspecified') {
      warnings.push(ignoredWarning('generationConfig.thinkingConfig.', ['thinkingLevel']));
    }
  }
  const budget = thinking.thinkingBudget;
  if (budget === undefined || budget <= 0) return undefined;
  if (budget <= 1024) return 'low';
  return budget <= 8192 ? 'medium' : 'high';
}
