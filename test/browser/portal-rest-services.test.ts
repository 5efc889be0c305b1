import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserRequired,
  chromiumInstalled,
  launchTestBrowser,
  openWatchedPage,
  type TestBrowser,
} from '../support/launch-test-browser.js';
import { signInAsAdmin, startConsoleGateway, type ConsoleGateway } from '../support/start-console-gateway.js';

const screenshots = 'docs/screenshots';
const runs = chromiumInstalled || browserRequired;
const title = runs
  ? 'a developer finds an imported REST service, reads its API, subscribes and is approved; an admin rolls it back'
  : 'NOT RUN (no /usr/bin/chromium): REST services in the portal and the console';
const developer = { username: 'dev-ada', password: 'ada-password-1' };

describe('REST services in the portal and the console, in Chromium', () => {
  let setup: ConsoleGateway | undefined;
  let session: TestBrowser | undefined;

  beforeAll(async () => {
    if (!runs) return;
    setup = await startConsoleGateway();
  }, 240_000);
  afterAll(async () => {
    await session?.browser.close();
    await setup?.close();
  });

  it.runIf(runs)(
    title,
    async () => {
      if (setup === undefined) throw new Error('the gateway did not start');
      const { admin, adminUrl } = setup;
      const tenant = await admin.post('/api/admin/tenants', { name: 'acme' });
      const tenantId = String(tenant.body['id']);
      const app = await admin.post(`/api/admin/tenants/${tenantId}/apps`, { name: 'shop-frontend' });
      const appId = String(app.body['id']);
      const user = await admin.post('/api/admin/users', {
        ...developer,
        role: 'developer',
        tenant_id: tenantId,
      });
      expect(user.status).toBe(201);
      const imported = await admin.post('/api/admin/services/import', {
        document: readFileSync('test/fixtures/openapi/petstore-3.0.yaml', 'utf8'),
        name: 'petstore',
        upstream_url: 'http://127.0.0.1:9/api/v3',
        visibility: 'shared',
        lifecycle: 'published',
        requires_approval: true,
      });
      expect(imported.status).toBe(201);
      const serviceId = String(imported.body['id']);
      const route = await admin.post('/api/admin/routes', {
        name: 'chat-model',
        spec: { targets: [{ provider: 'fake-openai', model: 'gpt-4o' }] },
        visibility: 'shared',
        lifecycle: 'published',
      });
      expect(route.status).toBe(201);
      const served = await admin.get<{ servers: { url: string }[] }>(
        `/api/admin/services/${serviceId}/openapi`,
      );
      const baseUrl = served.body.servers[0]?.url ?? '';
      expect(baseUrl).toBe(`${new URL(setup.gateway.url).origin}/v3`);

      // The developer finds the service by a server-side search of the catalogue.
      session = await launchTestBrowser();
      const { browser, page, problems } = session;
      await page.goto(`${adminUrl}/portal`);
      await page.getByLabel('Username', { exact: true }).fill(developer.username);
      await page.getByLabel('Password', { exact: true }).fill(developer.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Catalogue' }).waitFor();
      const services = page.getByRole('table', { name: 'REST services' });
      await services.getByRole('link', { name: 'petstore' }).waitFor();
      await page
        .getByRole('table', { name: 'Model routes' })
        .getByRole('cell', { name: 'chat-model' })
        .waitFor();
      await page.getByLabel('Search').fill('zebra');
      await page.getByText('No REST service matches.').waitFor();
      await page.getByLabel('Search').fill('PETSTORE');
      await page.getByText('No model route matches.').waitFor();
      await services.getByRole('cell', { name: 'published' }).waitFor();
      await page.screenshot({ path: `${screenshots}/portal-catalogue.png` });

      // Its page renders the served document, with examples against the data plane's URL.
      await services.getByRole('link', { name: 'petstore' }).click();
      await page.getByRole('heading', { name: 'petstore' }).waitFor();
      await page.getByLabel('Base URL').getByText(baseUrl, { exact: true }).waitFor();
      const getPet = page.getByRole('article', { name: 'GET /pet/{petId}' });
      await getPet.getByText('Find pet by ID').waitFor();
      await getPet.getByText('petId*').waitFor();
      await page.getByRole('region', { name: 'Operations tagged store' }).waitFor();
      await page.getByLabel('Example for').selectOption({ label: 'GET /pet/{petId}' });
      const curl = await page.getByLabel('curl example').textContent();
      expect(curl).toContain(`curl -X GET '${baseUrl}/pet/{petId}'`);
      expect(curl).toContain('x-api-key: YOUR_PORTICO_KEY');
      await page.getByRole('tab', { name: 'Python' }).click();
      expect(await page.getByLabel('Python example').textContent()).toContain(`'${baseUrl}/pet/{petId}'`);
      await page.screenshot({ path: `${screenshots}/portal-service.png`, fullPage: true });

      // Subscribing needs approval: pending until the admin decides.
      await page.getByLabel('App').selectOption({ label: 'shop-frontend' });
      await page.getByRole('button', { name: 'Subscribe to petstore' }).click();
      const state = page.getByRole('status', { name: 'Subscription' });
      await state.getByText('pending', { exact: true }).waitFor();

      const adminPage = await openWatchedPage(browser, problems);
      await signInAsAdmin(adminPage, adminUrl, '/approvals');
      const queue = adminPage.getByRole('table', { name: 'Subscriptions' });
      await queue.getByRole('button', { name: `Approve ${appId} to petstore` }).click();
      await adminPage
        .getByRole('status')
        .getByText(`Subscription of ${appId} to petstore: approved.`)
        .waitFor();
      // The portal polls while the subscription is pending.
      await state.getByText('approved', { exact: true }).waitFor({ timeout: 15_000 });
      await page.screenshot({ path: `${screenshots}/portal-service-approved.png` });

      // A spec change makes release 2; the console rolls back to release 1 as release 3.
      const current = await admin.get<{ spec: Record<string, unknown> }>(`/api/admin/services/${serviceId}`);
      const changed = await admin.patch(`/api/admin/services/${serviceId}`, {
        spec: {
          ...current.body.spec,
          upstream: { nodes: [{ url: 'http://127.0.0.1:9/api/v3', weight: 2 }] },
        },
        note: 'heavier node',
      });
      expect(changed.body['release']).toBe(2);
      await adminPage
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Services' })
        .click();
      const list = adminPage.getByRole('table', { name: 'Services' });
      await list.getByRole('link', { name: 'petstore' }).click();
      await adminPage.getByRole('heading', { name: 'petstore' }).waitFor();
      await adminPage
        .getByRole('table', { name: 'Service routes' })
        .getByRole('cell', { name: 'getPetById' })
        .waitFor();
      const releases = adminPage.getByRole('table', { name: 'Releases' });
      await releases.getByRole('cell', { name: 'heavier node' }).waitFor();
      await adminPage.screenshot({ path: `${screenshots}/services-detail.png`, fullPage: true });
      await releases.getByRole('button', { name: 'Roll back to release 1' }).click();
      const dialog = adminPage.getByRole('dialog');
      await dialog.getByText('as a new release (3)').waitFor();
      await dialog.getByRole('button', { name: 'Roll back' }).click();
      await releases.getByRole('cell', { name: 'rollback to 1' }).waitFor();
      await expect.poll(() => releases.getByRole('row').count(), { timeout: 10_000 }).toBe(4);
      const after = await admin.get<{ items: { number: number; live: boolean }[] }>(
        `/api/admin/services/${serviceId}/releases`,
      );
      expect(after.body.items.map((release) => [release.number, release.live])).toEqual([
        [3, true],
        [2, false],
        [1, false],
      ]);
      await adminPage.goto(`${adminUrl}/services`);
      await list.getByRole('cell', { name: '3', exact: true }).waitFor();
      await adminPage.screenshot({ path: `${screenshots}/services.png` });
      expect(problems).toEqual([]);
    },
    180_000,
  );
});
