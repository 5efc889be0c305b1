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
  ? 'real calls show on the overview: totals, top routes, providers and tenants, per time range'
  : 'NOT RUN (no /usr/bin/chromium): the overview dashboard';

describe('console overview dashboard in Chromium', () => {
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
      const tenant = await admin.post('/api/admin/tenants', { name: 'hooli' });
      const app = await admin.post(`/api/admin/tenants/${String(tenant.body['id'])}/apps`, {
        name: 'nucleus',
      });
      const key = await admin.post(`/api/admin/apps/${String(app.body['id'])}/keys`, { name: 'main' });
      await admin.post('/api/admin/routes', {
        name: 'assistant',
        spec: { targets: [{ provider: 'fake-openai', model: 'gpt-4o' }] },
        visibility: 'shared',
        lifecycle: 'published',
      });
      const secret = String(key.body['key']);
      expect((await setup.call(secret, 'assistant')).status).toBe(200);
      expect((await setup.call(secret, 'assistant')).status).toBe(200);
      expect((await setup.call(secret, 'assistant', 'fail now')).status).toBeGreaterThanOrEqual(500);
      const to = Date.now() + 60_000;
      await vi.waitFor(
        async () => {
          const rows = await admin.get<{ items: { requests: number }[] }>(
            `/api/admin/analytics?granularity=hour&from=${to - 86_400_000}&to=${to}`,
          );
          expect(rows.body.items.reduce((sum, row) => sum + row.requests, 0)).toBe(3);
        },
        { timeout: 5_000, interval: 100 },
      );

      session = await launchTestBrowser();
      const { page, problems } = session;
      await signInAsAdmin(page, adminUrl, '/');
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      const totals = page.getByRole('list', { name: 'Totals' });
      await totals.getByRole('listitem', { name: 'Requests' }).getByText('3', { exact: true }).waitFor();
      await totals.getByRole('listitem', { name: 'Errors' }).getByText('1 (33.3%)').waitFor();
      await page
        .getByRole('table', { name: 'Top routes' })
        .getByRole('cell', { name: 'assistant' })
        .waitFor();
      await page
        .getByRole('table', { name: 'Top providers' })
        .getByRole('cell', { name: 'fake-openai' })
        .waitFor();
      await page
        .getByRole('table', { name: 'Top tenants' })
        .getByRole('cell', { name: String(tenant.body['id']) })
        .waitFor();
      await page.screenshot({ path: `${screenshots}/overview.png` });
      await page.getByText('Last hour').click();
      await totals.getByRole('listitem', { name: 'Requests' }).getByText('3', { exact: true }).waitFor();
      await page.getByRole('table', { name: 'Over time' }).getByRole('row').nth(1).waitFor();
      await page.getByRole('button', { name: 'Use the dark theme' }).click();
      await page.screenshot({ path: `${screenshots}/overview-dark.png` });
      expect(problems).toEqual([]);
    },
    120_000,
  );
});
