import { describe, expect, it } from 'vitest';
import { importOpenApi } from '../../../src/openapi/import-openapi.js';
import { servedDocument } from '../../../src/openapi/served-document.js';
import { readFixture } from './read-fixture.js';

const { document } = importOpenApi(readFixture('petstore-3.0.yaml'), { upstreamUrl: 'http://127.0.0.1:1' });
const original = JSON.stringify(document);

describe('servedDocument', () => {
  it("puts Portico's address in servers and API-key security (x-api-key header and bearer)", () => {
    const served = servedDocument(document, {
      serverUrl: 'https://gateway.example.com/',
      basePath: '/v3',
      auth: undefined,
    });
    expect(served['servers']).toEqual([{ url: 'https://gateway.example.com/v3' }]);
    expect(served['components']).toMatchObject({
      securitySchemes: {
        portico_api_key: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        portico_bearer: { type: 'http', scheme: 'bearer' },
      },
    });
    expect(served['components']).toHaveProperty('schemas.Pet');
    expect(served['security']).toEqual([{ portico_api_key: [] }, { portico_bearer: [] }]);
    // The upstream's own schemes (oauth2, api_key) are gone from the schemes and the operations.
    expect(JSON.stringify(served)).not.toContain('petstore_auth');
  });

  it('describes JWT as a bearer JWT, anonymous access as optional security, anonymous only as none', () => {
    const jwt = servedDocument(document, {
      serverUrl: 'http://gw',
      basePath: '/pets',
      auth: { modes: ['jwt', 'anonymous'] },
    });
    expect(jwt['components']).toMatchObject({
      securitySchemes: { portico_jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    });
    expect(jwt['security']).toEqual([{ portico_jwt: [] }, {}]);
    const open = servedDocument(document, {
      serverUrl: 'http://gw',
      basePath: '/pets',
      auth: { modes: ['anonymous'] },
    });
    expect(open['security']).toBeUndefined();
    expect(open['components']).not.toHaveProperty('securitySchemes');
  });

  it('leaves the original document untouched', () => {
    servedDocument(document, { serverUrl: 'http://gw', basePath: '/v3', auth: { modes: ['key', 'jwt'] } });
    expect(JSON.stringify(document)).toBe(original);
  });
});
