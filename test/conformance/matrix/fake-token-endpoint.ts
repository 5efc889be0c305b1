import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../../../src/core/chat.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { providerFixturesRoot } from './read-provider-fixtures.js';

/**
 * Google providers exchange a service-account key for an OAuth token before calling. A fixture
 * names its test-only key by `service_account_file` (relative to the fixtures root);
 * `withTestKey` inlines it with `token_uri` pointed at this fake, which hands out
 * `test-access-token`.
 */
export class FakeTokenEndpoint {
  private readonly server = new FakeUpstream(() => ({
    kind: 'json',
    body: { access_token: 'test-access-token', expires_in: 3600, token_type: 'Bearer' },
  }));
  private tokenUri = '';

  async start(): Promise<void> {
    this.tokenUri = `${await this.server.start()}/token`;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** The provider config with its `service_account_file` inlined; unchanged when it names none. */
  withTestKey(provider: JsonObject): JsonObject {
    const file = provider['service_account_file'];
    if (typeof file !== 'string') return provider;
    if (this.tokenUri === '') throw new Error('FakeTokenEndpoint.start() must run before withTestKey()');
    const key = JSON.parse(readFileSync(join(providerFixturesRoot, file), 'utf8')) as JsonObject;
    const inlined: JsonObject = {
      ...provider,
      service_account_json: JSON.stringify({ ...key, token_uri: this.tokenUri }),
    };
    delete inlined['service_account_file'];
    return inlined;
  }
}
