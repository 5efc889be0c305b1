import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWebApp } from '../../src/control-plane/serve-web-app.js';

/** A built app stand-in: index.html and one hashed asset. */
function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'portico-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Portico</title>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  return root;
}

async function serve(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.get('/api/admin/me', () => ({ id: 'usr_1' }));
  app.get('/healthz', () => ({ status: 'ok' }));
  await app.register(serveWebApp, { root });
  return app;
}

describe('the control plane serves the built web app', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await serve(fakeBuild());
  });
  afterAll(() => app.close());

  it('answers index.html for the console, the portal and deep links, revalidated on each load', async () => {
    for (const url of ['/', '/portal', '/tenants', '/portal/services/x?tab=docs', '/login', '/index.html']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.body, url).toContain('<title>Portico</title>');
    }
  });

  it('serves hashed assets as immutable; a missing file, a dotfile or a path outside is 404', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
    for (const url of ['/%2e%2e/package.json', '/..%2Fpackage.json', '/.env']) {
      expect((await app.inject({ url })).statusCode, url).toBe(404);
    }
  });

  it('never shadows the APIs and probes', async () => {
    expect((await app.inject({ url: '/api/admin/me' })).json()).toEqual({ id: 'usr_1' });
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    for (const url of ['/api/admin/nothing', '/api/docs-missing', '/api', '/metrics', '/readyz/x']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).not.toContain('text/html');
    }
  });

  it('says how to build the app when it is not built', async () => {
    const bare = await serve(mkdtempSync(join(tmpdir(), 'portico-web-empty-')));
    try {
      const response = await bare.inject({ url: '/' });
      expect(response.headers['content-type']).toContain('text/plain');
      expect(response.body).toContain('Run `npm run build`');
    } finally {
      await bare.close();
    }
  });
});
