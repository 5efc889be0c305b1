import { GatewayError } from './gateway-error.js';

/** Longest model name a client may send; route names and vendor model ids are far shorter. */
export const maxModelNameLength = 256;

/**
 * Longest end-user identifier (`user`, `safety_identifier`, `metadata.user_id`) a client may
 * send: it is relayed upstream and may be logged with bodies, so it is bounded like a name.
 */
export const maxUserIdLength = 256;

// Printable ASCII without space: every route name and vendor model id fits, and such a name can
// be logged, stored and (as a route) echoed in a response header without any escaping.
const modelNamePattern = /^[\x21-\x7e]+$/;

/**
 * The model name a client sent, once it is known to be short and printable; otherwise a 400
 * before the name reaches a header, a log line, a metric label or the store (docs/security.md).
 */
export function checkModelName(name: string, param = 'model'): string {
  if (name.length > maxModelNameLength) {
    throw new GatewayError(
      'invalid_request',
      `'${param}' is ${name.length} characters long; a model name has at most ${maxModelNameLength}.`,
      { param },
    );
  }
  if (!modelNamePattern.test(name)) {
    throw new GatewayError(
      'invalid_request',
      `'${param}' may hold only printable ASCII characters without spaces (U+0021 to U+007E).`,
      { param },
    );
  }
  return name;
}
