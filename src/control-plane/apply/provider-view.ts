import { Type, type Static } from 'typebox';
import { providerSchema } from '../../config/config-schema.js';
import type { Provider } from '../../storage/repositories/provider-repository.js';
import type { SecretBox } from '../../storage/secret-box.js';
import { openSecrets, publicSpec, secretFieldNames, secretStatus } from './provider-secrets.js';

/** A provider as answered: its entry without secret values, and which secrets are set. */
export const ProviderView = Type.Object({
  ...Type.Omit(providerSchema, [...secretFieldNames]).properties,
  secrets: Type.Record(Type.String(), Type.Literal('set'), {
    description: 'Which secrets are stored (`api_key`, `headers.Authorization`); values are write-only.',
  }),
  secret_refs: Type.Record(Type.String(), Type.String(), {
    description: 'Where secrets came from (`env:OPENAI_API_KEY`), for export.',
  }),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
export type ProviderView = Static<typeof ProviderView>;

/**
 * The answer (and audit record) for a stored provider: never a secret value. Only headers named
 * in `public_headers` are shown; a base URL's user info and query values are masked.
 */
export function providerView(row: Provider, box: SecretBox): ProviderView {
  return {
    ...publicSpec(row.spec),
    id: row.id,
    type: row.type,
    secrets: secretStatus(openSecrets(box, row.secrets, row.spec)),
    secret_refs: row.secret_refs,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
