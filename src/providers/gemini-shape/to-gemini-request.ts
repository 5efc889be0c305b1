import type { ChatRequest } from '../../core/chat.js';
import type { RequestPlan } from '../request-plan.js';
import type { GeminiGenerateContentRequest } from './gemini-wire.js';
import { toGeminiContents } from './to-gemini-contents.js';
import { toGeminiGenerationConfig } from './to-gemini-generation-config.js';
import { toGeminiTools } from './to-gemini-tools.js';

export type GeminiRequestPlan = RequestPlan<GeminiGenerateContentRequest>;

/** Client-chosen names end up in a response header, so only plain ones are repeated. */
const plainName = /^[\w.-]{1,64}$/;

/**
 * Canonical request → body of `generateContent` / `streamGenerateContent` (streaming is chosen
 * by the URL, not the body). https://ai.google.dev/api/generate-content
 */
export function toGeminiRequest(request: ChatRequest): GeminiRequestPlan {
  const warnings: string[] = [];
  const conversation = toGeminiContents(request.messages, warnings);
  const body: GeminiGenerateContentRequest = { contents: conversation.contents };
  if (conversation.systemInstruction !== undefined) body.systemInstruction = conversation.systemInstruction;
  Object.assign(body, toGeminiTools(request, warnings));
  const generationConfig = toGeminiGenerationConfig(request, warnings);
  if (generationConfig !== undefined) body.generationConfig = generationConfig;
  if (request.user !== undefined) warnings.push('user is not supported by gemini; ignored');
  warnings.push(...extraFieldWarnings(request));
  return { body, warnings };
}

/** Fields of another dialect that have no canonical home cannot be expressed in Gemini's format. */
function extraFieldWarnings(request: ChatRequest): string[] {
  const names = Object.keys(request.extra ?? {});
  if (names.length === 0) return [];
  const shown = names.map((name) => (plainName.test(name) ? name : 'an unnamed field'));
  return [`${shown.join(', ')} ${names.length === 1 ? 'is' : 'are'} not supported by gemini; ignored`];
}
