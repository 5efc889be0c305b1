import type { ChatRequest } from '../../core/chat.js';

/**
 * Warnings for the OpenAI settings Anthropic and Converse have no field for; a zero penalty
 * changes nothing and is not reported.
 * @param alsoDropped Further settings the caller dropped, reported last.
 */
export function unsupportedSettingWarnings(
  request: ChatRequest,
  vendor: string,
  alsoDropped: readonly string[] = [],
): string[] {
  const dropped: string[] = [];
  if (request.seed !== undefined) dropped.push('seed');
  if (request.presencePenalty !== undefined && request.presencePenalty !== 0)
    dropped.push('presence_penalty');
  if (request.frequencyPenalty !== undefined && request.frequencyPenalty !== 0)
    dropped.push('frequency_penalty');
  if (request.logprobs === true || request.topLogprobs !== undefined) dropped.push('logprobs');
  return [...dropped, ...alsoDropped].map((setting) => `${setting} is not supported by ${vendor}; ignored`);
}
