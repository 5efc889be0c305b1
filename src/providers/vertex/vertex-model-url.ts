import type { CloudSettings } from '../provider-config.js';
import type { GeminiMethod } from '../gemini-shape/gemini-model-name.js';
import { joinUrl } from '../join-url.js';
import { invalidModelName, modelPathSegment } from '../model-path-segment.js';
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
    ? vertexResourceName(model, cloud)
    : `projects/${encodeURIComponent(cloud.project ?? '')}/locations/${encodeURIComponent(vertexLocation(cloud))}/publishers/${publisher}/models/${modelPathSegment(model, model)}`;
  const query = method === 'streamGenerateContent' ? '?alt=sse' : '';
  return joinUrl(baseUrl, `/v1/${resource}:${method}${query}`);
}

/**
 * A full resource name, kept only when it is a model or endpoint of the configured project:
 * `projects/{project}/locations/{location}/endpoints/{id}` or
 * `…/publishers/{publisher}/models/{id}`. Others are refused, so a client never points the
 * platform's token at another project or API.
 */
function vertexResourceName(model: string, cloud: CloudSettings): string {
  const parts = model.split('/');
  const shapeOk =
    parts[0] === 'projects' &&
    parts[1] === cloud.project &&
    parts[2] === 'locations' &&
    ((parts.length === 6 && parts[4] === 'endpoints') ||
      (parts.length === 8 && parts[4] === 'publishers' && parts[6] === 'models'));
  if (!shapeOk) throw invalidModelName(model);
  return parts.map((part) => modelPathSegment(part, model)).join('/');
}
