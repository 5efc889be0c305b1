import type { ChatChoice, ChatResponse, JsonObject } from '../../core/chat.js';
import { encodeFunctionCallPart, encodeThoughtPart } from './encode-gemini-parts.js';
import { encodeGeminiFinishReason, encodeGeminiUsage } from './encode-gemini-usage.js';

/**
 * Canonical response → Gemini `GenerateContentResponse`: one candidate per choice, with thought
 * parts first, then the text, then the function calls, as Gemini orders them.
 * https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse
 */
export function encodeGeminiResponse(response: ChatResponse): JsonObject {
  const body: JsonObject = { candidates: response.choices.map(encodeCandidate) };
  if (response.usage !== undefined) body['usageMetadata'] = encodeGeminiUsage(response.usage);
  body['modelVersion'] = response.model;
  body['responseId'] = response.id;
  return body;
}

function encodeCandidate(choice: ChatChoice): JsonObject {
  const parts: JsonObject[] = [];
  for (const reasoning of choice.reasoning) {
    const thought = encodeThoughtPart(reasoning);
    if (thought !== undefined) parts.push(thought);
  }
  // A refusal (OpenAI) is the answer the client gets to read; Gemini has no separate field.
  const text = choice.text ?? choice.refusal;
  if (text !== undefined && text !== null && text !== '') parts.push({ text });
  parts.push(...choice.toolCalls.map(encodeFunctionCallPart));
  const candidate: JsonObject = { content: { role: 'model', parts }, index: choice.index };
  if (choice.finishReason !== null) candidate['finishReason'] = encodeGeminiFinishReason(choice.finishReason);
  return candidate;
}
