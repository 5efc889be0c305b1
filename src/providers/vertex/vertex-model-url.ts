import type { CloudSettings } from '../../config/portico-config.js';
import type { GeminiMethod } from '../gemini/gemini-model-url.js';
import { joinUrl } from '../join-url.js';
import { vertexLocation } from './vertex-location.js';

/** The publisher whose model is called: Google's Gemini or Anthropic's Claude. */
export type VertexPublisher = 'google' | 'anthropic';

/** Gemini's model methods, `predict` for embeddings, and the raw methods partner models answer on. */
export type VertexMethod = GeminiMethod | 'predict' | 'rawPredict' | 'streamRawPredict';

/**
 * `{base}/v1/projects/{project}/locations/{location}/publishers/{publisher}/models/{model}:{method}`.
 * A model given as a full resource name (`projects/...`, e.g. a tuned model's endpoint) is used as is.
 * Gemini streams server-sent events only with `alt=sse`, as on AI Studio.
 * https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
 */
export function vertexModelUrl(
  baseUrl: string,
  cloud: CloudSettings,
  publisher: VertexPublisher,
  model: string,
  method: VertexMethod,
): string {
  const resource = model.startsWith('projects/')
    ? model
    : `projects/${cloud.project ?? ''}/locations/${vertexLocation(cloud)}/publishers/${publisher}/models/${model}`;
  const query = method === 'streamGenerateContent' ? '?alt=sse' : '';
  return joinUrl(baseUrl, `/v1/${resource}:${method}${query}`);
}
