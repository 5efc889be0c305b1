import { startGateway, type TestGateway } from '../../support/start-gateway.js';
import type { ProviderFixture } from '../fixture.js';
import type { FakeTokenEndpoint } from './fake-token-endpoint.js';

/** The route every fixture gateway serves; clients send it as their model. */
export const fixtureRouteName = 'test-route';

/**
 * Starts a gateway with one provider of the fixture's type (id `fixture`) whose base URL is the
 * fake upstream, and one route, `test-route`, to the fixture's upstream model.
 */
export function startFixtureGateway(
  type: string,
  fixture: ProviderFixture,
  upstreamBaseUrl: string,
  tokens: FakeTokenEndpoint,
): Promise<TestGateway> {
  const provider = tokens.withTestKey({
    id: 'fixture',
    type,
    base_url: upstreamBaseUrl,
    api_key: 'test-provider-key',
    ...fixture.provider,
  });
  return startGateway(
    JSON.stringify({
      providers: [provider],
      models: [{ name: fixtureRouteName, targets: [{ provider: 'fixture', model: fixture.upstreamModel }] }],
    }),
  );
}
