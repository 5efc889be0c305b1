import type { AbortWatch } from '../core/client-signal.js';

/**
 * Supplies auth headers that take I/O to obtain (e.g. an OAuth access token exchanged for a
 * signed JWT). Implemented in `upstream/`; the attempt loop asks it before each call, so the
 * provider itself stays a pure translator.
 */
export interface CredentialSource {
  /** Headers to add to the upstream request; cached and refreshed by the implementation. */
  headers(signal: AbortWatch): Promise<Record<string, string>>;
}
