import type { Provider } from '../../storage/repositories/provider-repository.js';
import type { SecretBox } from '../../storage/secret-box.js';
import { AdminError } from '../admin-error.js';
import { checkProviderEntry } from '../apply/check-resources.js';
import {
  hasSecrets,
  openSecrets,
  sealSecrets,
  secretDestination,
  secretValues,
  splitProvider,
  type ProviderEntry,
  type ProviderSecrets,
} from '../apply/provider-secrets.js';

/**
 * The provider `before` replaced by `entry` (PUT): secrets left out of the body are kept, unless
 * the destination changes (see assertSecretsFollow); a base URL sent back masked means the stored one.
 */
export function replacedProvider(box: SecretBox, before: Provider, body: ProviderEntry): Provider {
  const stored = openSecrets(box, before.secrets, before.spec);
  const entry = keptBaseUrl(body, before.spec, stored);
  const { spec, secrets } = splitProvider(entry);
  const { base_url: sentUrl, ...sentRest } = secrets;
  // The stored URL sent back (masked) is no new secret: it alone does not replace the others.
  const replace = hasSecrets(sentUrl === stored.base_url ? sentRest : secrets);
  assertSecretsFollow(before, { ...before.spec, ...stored }, entry, replace, stored);
  const storedRest: ProviderSecrets = { ...stored };
  delete storedRest.base_url;
  const kept = replace ? secrets : { ...storedRest, ...(sentUrl === undefined ? {} : { base_url: sentUrl }) };
  checkProviderEntry({ ...entry, ...kept, headers: { ...entry.headers, ...kept.headers } }, 'body');
  return {
    ...before,
    type: entry.type,
    spec,
    secrets: replace ? sealSecrets(box, secrets, spec) : sealSecrets(box, kept, spec),
    secret_refs: replace ? {} : before.secret_refs,
    updated_at: Date.now(),
  };
}

/**
 * A body that sends back the masked base URL it was answered (`https://***@host/…`) means the
 * stored one, credentials included; anything else is taken as sent.
 */
function keptBaseUrl(
  entry: ProviderEntry,
  beforeSpec: Record<string, unknown>,
  stored: ProviderSecrets,
): ProviderEntry {
  const masked = beforeSpec['base_url'];
  if (stored.base_url === undefined || entry.base_url === undefined || entry.base_url !== masked)
    return entry;
  return { ...entry, base_url: stored.base_url };
}

/**
 * Stored credentials follow the provider only to where they were entered for: a change of type,
 * base URL, region or location without the credentials in the same body is a 400, so a changed
 * host never receives the secret entered for the old one.
 */
function assertSecretsFollow(
  before: Provider,
  beforeEntry: Record<string, unknown>,
  entry: ProviderEntry,
  replace: boolean,
  stored: ProviderSecrets,
): void {
  const storedPaths = [...secretValues(stored).keys()].filter((path) => path !== 'base_url');
  if (replace || storedPaths.length === 0) return;
  const was = secretDestination({ ...stringFields(beforeEntry), type: before.type });
  if (was === secretDestination(entry)) return;
  throw new AdminError(
    'invalid_request',
    `Invalid 'body': changing where provider ${before.id} sends its credentials (type, base_url, region or location) requires sending them again in the same request (${storedPaths.join(', ')}); the stored ones are never sent to a new destination.`,
  );
}

function stringFields(spec: Record<string, unknown>): {
  base_url?: string;
  region?: string;
  location?: string;
} {
  const text = (name: string) => (typeof spec[name] === 'string' ? { [name]: spec[name] } : {});
  return { ...text('base_url'), ...text('region'), ...text('location') };
}
