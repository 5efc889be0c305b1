import { readFileSync } from 'node:fs';

/** The text of a document under test/fixtures/openapi/. */
export function readFixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/openapi/${name}`, import.meta.url), 'utf8');
}
