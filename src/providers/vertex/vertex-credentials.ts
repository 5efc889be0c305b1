import { GoogleAccessToken } from '../../upstream/google-access-token.js';
import type { ProviderSettings } from '../provider.js';

/**
 * The OAuth token source of a Vertex AI provider. Config validation already checked the key;
 * this throws for settings built without one (a bug in the caller, not a user error).
 */
export function vertexCredentials(settings: ProviderSettings): GoogleAccessToken {
  const json = settings.cloud.serviceAccountJson;
  if (json === undefined) throw new Error(`provider ${settings.id}: service_account_json is required`);
  return new GoogleAccessToken(json);
}

/** JSON headers plus the configured extras; the bearer token is added per call by the attempt loop. */
export function vertexHeaders(settings: ProviderSettings): Record<string, string> {
  return { 'content-type': 'application/json', ...settings.headers };
}
