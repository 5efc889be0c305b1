import { invalidModelName, modelPathSegment } from '../model-path-segment.js';

/** The model methods the Gemini translators call, on AI Studio and on Vertex. https://ai.google.dev/api */
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
