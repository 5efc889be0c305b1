import { joinUrl } from '../join-url.js';
import { invalidModelName, modelPathSegment } from '../model-path-segment.js';

/** The model methods this translator calls. https://ai.google.dev/api */
export type GeminiMethod =
  'generateContent' | 'streamGenerateContent' | 'countTokens' | 'embedContent' | 'batchEmbedContents';

/** The collections a Gemini model name may name: base models and tuned models. */
const collections = new Set(['models', 'tunedModels']);

/**
 * A model's resource name: `models/{model}` for a plain id, kept as given when it already names
 * a collection (`models/...`, `tunedModels/...`). Anything else (more segments, other
 * collections, `..`, `?`, `:`) is refused with `invalid_request`, and the id is percent-encoded.
 */
export function geminiModelName(model: string): string {
  const parts = model.includes('/') ? model.split('/') : ['models', model];
  const [collection, id] = parts;
  if (parts.length !== 2 || collection === undefined || id === undefined || !collections.has(collection))
    throw invalidModelName(model);
  return `${collection}/${modelPathSegment(id, model)}`;
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
