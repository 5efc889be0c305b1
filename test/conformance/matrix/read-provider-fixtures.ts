import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderFixture } from '../fixture.js';

/** `test/fixtures/providers`: one directory per provider type, one JSON file per recorded exchange. */
export const providerFixturesRoot = join(import.meta.dirname, '..', '..', 'fixtures', 'providers');

/** One fixture file of one provider type. */
export interface ProviderFixtureFile {
  /** The provider type, which is the directory name (e.g. `vertex-anthropic`). */
  type: string;
  /** The file name without `.json` (e.g. `tools-stream`). */
  name: string;
  fixture: ProviderFixture;
}

/**
 * Every provider fixture, by provider type and then file name. Test-only service-account keys
 * (`*.test-key.json`) sit next to the fixtures and are not fixtures themselves.
 */
export function readProviderFixtures(): ProviderFixtureFile[] {
  const types = readdirSync(providerFixturesRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return types.flatMap((type) =>
    readdirSync(join(providerFixturesRoot, type))
      .filter((file) => file.endsWith('.json') && !file.endsWith('.test-key.json'))
      .sort()
      .map((file) => ({
        type,
        name: file.replace(/\.json$/, ''),
        fixture: JSON.parse(readFileSync(join(providerFixturesRoot, type, file), 'utf8')) as ProviderFixture,
      })),
  );
}
