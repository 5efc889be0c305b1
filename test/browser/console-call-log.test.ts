import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  browserRequired,
  chromiumInstalled,
  launchTestBrowser,
  type TestBrowser,
} from '../support/launch-test-browser.js';
import { signInAsAdmin, startConsoleGateway, type ConsoleGateway } from '../support/start-console-gateway.js';

const screenshots = 'docs/screenshots';
const runs = chromiumInstalled || browserRequired;
const title = runs
  ? 'real calls appear in the explorer, filter on the server, open in detail with bodies, export as CSV'
  : 'NOT RUN (no /usr/bin/chromium): the call-log explorer';

describe('console call-log explorer in Chromium', () => {
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
      const tenant = await admin.post('/api/admin/tenants', { name: 'umbrella' });
      const app = await admin.post(`/api/admin/tenants/${String(tenant.body['id'])}/apps`, { name: 'lab' });
      const key = await admin.post(`/api/admin/apps/${String(app.body['id'])}/keys`, { name: 'main' });
      const route = await admin.post('/api/admin/routes', {
        name: 'logged',
        spec: { targets: [{ provider: 'fake-openai', model: 'gpt-4o' }] },
        log_bodies: true,
        visibility: 'shared',
        lifecycle: 'published',
      });
      expect(route.status, JSON.stringify(route.body)).toBe(201);
      const secret = String(key.body['key']);
      const good = await setup.call(secret, 'logged', 'what is the weather');
      const bad = await setup.call(secret, 'logged', 'please fail');
      expect(good.status).toBe(200);
      expect(bad.status).toBeGreaterThanOrEqual(500);
      await vi.waitFor(
        async () => {
          const logged = await admin.get<{ items: unknown[] }>('/api/admin/logs?route=logged');
          expect(logged.body.items).toHaveLength(2);
        },
        { timeout: 5_000, interval: 100 },
      );

      session = await launchTestBrowser();
      const { page, problems } = session;
      await signInAsAdmin(page, adminUrl, '/calls');
      await page.getByRole('heading', { name: 'Call log' }).waitFor();
      const calls = page.getByRole('table', { name: 'Calls' });
      await calls.getByRole('link', { name: good.requestId }).waitFor();
      await calls.getByRole('link', { name: bad.requestId }).waitFor();
      await page.screenshot({ path: `${screenshots}/call-log.png` });

      // The form checks what the API would refuse.
      await page.getByLabel('HTTP status').fill('99');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('A status from 100 to 599.').waitFor();
      await page.getByLabel('HTTP status').fill('');
      await page.getByLabel('Outcome').selectOption('error');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await calls.getByRole('link', { name: good.requestId }).waitFor({ state: 'detached' });
      await expect.poll(() => calls.getByRole('row').count(), { timeout: 10_000 }).toBe(2);
      await calls.getByRole('link', { name: bad.requestId }).waitFor();

      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Export CSV' }).click();
      const file = await (await download).path();
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\r\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(bad.requestId);

      await page.getByRole('button', { name: 'Clear' }).click();
      await page.getByLabel('Request id').fill(good.requestId);
      await page.keyboard.press('Enter');
      await calls.getByRole('link', { name: bad.requestId }).waitFor({ state: 'detached' });
      await calls.getByRole('link', { name: good.requestId }).click();

      await page.getByRole('heading', { name: `Call ${good.requestId}` }).waitFor();
      await page
        .getByRole('table', { name: 'Tokens and cost' })
        .getByRole('cell', { name: '12', exact: true })
        .waitFor();
      await page.getByLabel('Request body').getByText('what is the weather').waitFor();
      await page.getByLabel('Response body').getByText('hello from the fake').waitFor();
      await page.screenshot({ path: `${screenshots}/call-detail.png` });
      expect(problems).toEqual([]);
    },
    120_000,
  );
});
