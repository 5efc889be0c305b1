import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inlineOpenApiFilesInYaml } from '../../src/config/inline-openapi-files.js';
import { loadGovernance } from '../../src/governance/load-governance.js';
import { adminPerStore, testPassword, type AdminClient } from '../support/admin-client.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();
const credential = 'Bearer apply-SECRET-4411';

interface PlanAnswer {
  changes: number;
  entries: { kind: string; name: string; action: string; fields?: string[] }[];
}

const document = `
tenants:
  - name: shop
services:
  - name: shop/catalog
    tenant: shop
    description: Catalogue
    visibility: shared
    requires_approval: true
    base_path: /catalog
    routes:
      - path: /products
        methods: [GET]
      - path: /products/:id
    upstream:
      nodes:
        - url: http://127.0.0.1:9
    upstream_credential:
      header: X-Api-Key
      value: \${CATALOG_KEY}
    limits:
      requests_per_minute: 100
    openapi:
      openapi: 3.0.3
      info: { title: Catalog, version: '1' }
      paths: {}
  - name: drafts
    lifecycle: draft
    base_path: /drafts
    routes: [{ path: /x }]
    upstream: { nodes: [{ url: http://127.0.0.1:9 }] }
`;

describe.each(storeTargets)('HTTP services in apply and export on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const admin = adminPerStore(target, skip);
  let platform: AdminClient;
  const applyYaml = (yaml: string, env: Record<string, string> = { CATALOG_KEY: credential }) =>
    platform.post<PlanAnswer>('/api/admin/apply?dry_run=false', { yaml, env });
  const exportYaml = async (): Promise<string> => {
    const login = await fetch(`${admin().url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testPassword }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    return (await fetch(`${admin().url}/api/admin/export`, { headers: { cookie } })).text();
  };

  beforeAll(() => {
    if (!skip) platform = admin().asAdmin;
  });

  it.skipIf(skip)(
    'applies services, loads them for the data plane, exports them without the credential',
    async () => {
      const first = await applyYaml(document);
      expect(first.status).toBe(200);
      expect(first.body.entries.filter((entry) => entry.kind === 'service')).toEqual([
        { kind: 'service', name: 'shop/catalog', action: 'create' },
        { kind: 'service', name: 'drafts', action: 'create' },
      ]);
      const second = await applyYaml(document);
      expect(second.body.changes).toBe(0);

      const loaded = await loadGovernance(admin().store, admin().secrets, Date.now());
      const catalog = loaded.snapshot.httpServices.find((entry) => entry.name === 'shop/catalog');
      expect(catalog).toMatchObject({
        release: 1,
        credentialValue: credential,
        spec: { base_path: '/catalog' },
      });
      expect(catalog?.spec.upstream_credential).toEqual({ header: 'X-Api-Key' });
      expect(catalog?.openapi?.['openapi']).toBe('3.0.3');
      expect(loaded.snapshot.servicesByName.get('shop/catalog')).toMatchObject({ requiresApproval: true });
      expect(loaded.resources.models.map((model) => model['name'])).not.toContain('shop/catalog');
      expect(loaded.limits.some((limit) => limit.scope === 'route' && limit.scope_id === catalog?.id)).toBe(
        true,
      );

      const yaml = await exportYaml();
      expect(yaml).toContain('base_path: /catalog');
      expect(yaml).not.toContain('apply-SECRET');
      const audit = JSON.stringify(await admin().store.db.selectFrom('audit_log').selectAll().execute());
      expect(audit).not.toContain('apply-SECRET');
      const back = await applyYaml(yaml, {});
      expect(back.status).toBe(200);
      expect(back.body.changes).toBe(0);

      // A new credential value or spec change is an update; the spec change is release 2.
      const changed = await applyYaml(
        document
          .replace('requests_per_minute: 100', 'requests_per_minute: 100')
          .replace('methods: [GET]', 'methods: [GET, HEAD]'),
        {
          CATALOG_KEY: 'Bearer rotated',
        },
      );
      const entry = changed.body.entries.find((item) => item.name === 'shop/catalog');
      expect(entry).toMatchObject({ action: 'update' });
      expect(entry?.fields).toEqual(
        expect.arrayContaining(['spec.routes', 'spec.upstream_credential.value']),
      );
      const reloaded = await loadGovernance(admin().store, admin().secrets, Date.now());
      expect(reloaded.snapshot.httpServices.find((item) => item.name === 'shop/catalog')).toMatchObject({
        release: 2,
        credentialValue: 'Bearer rotated',
      });
    },
  );

  it.skipIf(skip)(
    'refuses services that clash with routes, endpoints or other services, writing nothing',
    async () => {
      const count = async () => (await admin().store.db.selectFrom('routes').select('id').execute()).length;
      const before = await count();
      const service = (name: string, basePath: string) =>
        `services:\n  - name: ${name}\n    base_path: ${basePath}\n    routes: [{ path: /x }]\n    upstream: { nodes: [{ url: http://127.0.0.1:9 }] }\n`;
      for (const [yaml, field] of [
        [service('clash', '/v1'), "'services[0].base_path'"],
        [service('clash', '/catalog/inner'), "'services[0].base_path'"],
        [service('file', '/file') + '    openapi_file: ./spec.yaml\n', "'services[0].openapi_file'"],
        [`${service('ok', '/ok')}${service('ok', '/ok2').replace('services:\n', '')}`, "'services[1].name'"],
        [service('jwt', '/jwt') + '    auth: { modes: [jwt] }\n', "'services[0].auth.jwt'"],
        [service('ips', '/ips') + '    ip_deny: [10.0.0.0/40]\n', "'services[0].ip_deny[0]'"],
        [
          service('rw', '/rw') + '    transforms: { rewrite_path: /v2/:id }\n',
          "'services[0].transforms.rewrite_path'",
        ],
      ] as const) {
        const answer = await applyYaml(yaml);
        expect(answer.status, yaml).toBeGreaterThanOrEqual(400);
        expect(JSON.stringify(answer.body), yaml).toContain(field);
      }
      expect(await count()).toBe(before);
    },
  );
});

describe('openapi_file in apply files', () => {
  it('is read relative to the file and sent inline', () => {
    const directory = mkdtempSync(join(tmpdir(), 'portico-openapi-'));
    writeFileSync(
      join(directory, 'spec.yaml'),
      'openapi: 3.0.3\ninfo: { title: T, version: "1" }\npaths: {}\n',
    );
    const text = 'services:\n  - name: t\n    openapi_file: spec.yaml\n    base_path: /t\n';
    const inlined = inlineOpenApiFilesInYaml(text, directory);
    expect(inlined).not.toContain('openapi_file');
    expect(inlined).toContain('title: T');
    expect(() => inlineOpenApiFilesInYaml(text.replace('spec.yaml', 'missing.yaml'), directory)).toThrow(
      /services\[0\]\.openapi_file/,
    );
  });
});
