import { joinUrl } from '../join-url.js';

/** The model methods this translator calls. https://ai.google.dev/api */
export type GeminiMethod =
  'generateContent' | 'streamGenerateContent' | 'countTokens' | 'embedContent' | 'batchEmbedContents';

/**
 * A model's resource name: `models/{model}` for a plain id, kept as given when it already names
 * a collection (`models/...`, `tunedModels/...`).
 */
export function geminiModelName(model: string): string {
  return model.includes('/') ? model : `models/${model}`;
}

/**
 * The URL of a method on a model. Streaming asks for `alt=sse`; without it Gemini streams one
 * JSON array instead of server-sent events.
 * https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export function geminiModelUrl(baseUrl: string, model: string, method: GeminiMethod): string {
  const query = method === 'streamGenerateContent' ? '?alt=sse' : '';
  return joinUrl(baseUrl, `/v1beta/${geminiModelName(model)}:${method}${query}`);
}
