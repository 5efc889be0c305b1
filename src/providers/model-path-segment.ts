import { GatewayError } from '../core/gateway-error.js';

/**
 * What one path segment of an upstream model name may hold: a letter or digit first (so never
 * `.` or `..`), then letters, digits and `. _ - @` (`claude-3-5-sonnet-v2@20241022` on Vertex).
 */
export const modelSegmentPattern = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

/**
 * One segment of a model name, checked against `pattern` and percent-encoded for a URL path.
 * Throws `invalid_request` (400, param `model`) naming `model` otherwise, before any upstream
 * call: the client must never choose which upstream endpoint receives the platform's credential.
 */
export function modelPathSegment(
  segment: string,
  model: string,
  pattern: RegExp = modelSegmentPattern,
): string {
  if (!pattern.test(segment)) throw invalidModelName(model);
  // `@` is a legal path character and Vertex's own docs write `model@version` unencoded.
  return encodeURIComponent(segment).replaceAll('%40', '@');
}

/** The 400 for a model name that cannot be put in the provider's URL. */
export function invalidModelName(model: string): GatewayError {
  const shown = model.length > 100 ? `${model.slice(0, 100)}…` : model;
  return new GatewayError(
    'invalid_request',
    `Invalid model name '${shown}': the upstream model must be letters, digits and . _ - @ (see docs/providers.md).`,
    { param: 'model' },
  );
}
