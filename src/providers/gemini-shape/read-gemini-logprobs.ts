import type { JsonObject, JsonValue } from '../../core/chat.js';
import { arrayOrEmpty, isJsonObject, optionalNumber, optionalString } from '../../core/json-guards.js';

/**
 * A candidate's `logprobsResult` in OpenAI's `logprobs` shape (`{ content: [...] }`); undefined
 * when absent. Gemini gives no token bytes. https://ai.google.dev/api/generate-content#LogprobsResult
 */
export function readGeminiLogprobs(value: JsonValue | undefined): JsonValue | undefined {
  if (!isJsonObject(value)) return undefined;
  const top = arrayOrEmpty(value['topCandidates']);
  const content = arrayOrEmpty(value['chosenCandidates']).map((chosen, step) => {
    const alternatives = top[step];
    return {
      ...tokenLogprob(chosen),
      top_logprobs: isJsonObject(alternatives)
        ? arrayOrEmpty(alternatives['candidates']).map(tokenLogprob)
        : [],
    };
  });
  return { content, refusal: null };
}

function tokenLogprob(value: JsonValue): JsonObject {
  const candidate = isJsonObject(value) ? value : {};
  return {
    token: optionalString(candidate['token']) ?? '',
    logprob: optionalNumber(candidate['logProbability']) ?? 0,
    bytes: null,
  };
}
