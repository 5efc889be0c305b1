import type { UpstreamRequest } from './provider.js';

/** A JSON POST described as data, with the dropped-setting warnings only when there are some. */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: object,
  warnings: string[] = [],
): UpstreamRequest {
  return {
    method: 'POST',
    url,
    headers,
    body: JSON.stringify(body),
    ...(warnings.length === 0 ? {} : { warnings }),
  };
}
