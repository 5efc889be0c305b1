import { anthropicErrorDetail } from '../anthropic-shape/anthropic-error-detail.js';
import { geminiErrorDetail } from '../gemini-shape/gemini-error-detail.js';
import type { ProviderErrorDetail } from '../provider.js';

/**
 * Claude on Vertex answers with two error shapes: Anthropic's `{ type: 'error', error: { type,
 * message } }` from the model, and Google's `{ error: { code, message, status } }` from Vertex
 * itself (quota, permissions, unknown model). The Google `status` becomes the type when
 * Anthropic's is missing. https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude
 */
export function vertexAnthropicErrorDetail(status: number, body: string): ProviderErrorDetail {
  const detail = anthropicErrorDetail(status, body);
  if (detail.type !== undefined) return detail;
  const google = geminiErrorDetail(status, body);
  return google.type === undefined ? detail : google;
}
