import { geminiModelName, type GeminiMethod } from '../gemini-shape/gemini-model-name.js';
import { joinUrl } from '../join-url.js';

/**
 * The URL of a method on a model. Streaming asks for `alt=sse`; without it Gemini streams one
 * JSON array instead of server-sent events.
 * https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export function geminiModelUrl(baseUrl: string, model: string, method: GeminiMethod): string {
  const query = method === 'streamGenerateContent' ? '?alt=sse' : '';
  return joinUrl(baseUrl, `/v1beta/${geminiModelName(model)}:${method}${query}`);
}
