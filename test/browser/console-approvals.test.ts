import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  ? 'an admin approves one pending subscription and rejects another with a reason; the keys follow'
  : 'NOT RUN (no /usr/bin/chromium): the subscription approval queue';

describe('console approval queue in Chromium', () => {
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
      const tenant = await admin.post('/api/admin/tenants', { name: 'globex' });
      const tenantId = String(tenant.body['id']);
      const route = await admin.post('/api/admin/routes', {
        name: 'gated',
        spec: { targets: [{ provider: 'fake-openai', model: 'gpt-4o' }] },
        visibility: 'shared',
        lifecycle: 'published',
        requires_approval: true,
      });
      expect(route.status).toBe(201);
      const subscriber = async (name: string) => {
        const app = await admin.post(`/api/admin/tenants/${tenantId}/apps`, { name });
        const appId = String(app.body['id']);
        const key = await admin.post(`/api/admin/apps/${appId}/keys`, { name: 'main' });
        const asked = await admin.post(`/api/admin/apps/${appId}/subscriptions`, { route: 'gated' });
        expect(asked.body['status']).toBe('pending');
        return { appId, key: String(key.body['key']) };
      };
      const good = await subscriber('good-app');
      const bad = await subscriber('bad-app');
      expect((await setup.call(good.key, 'gated')).status).toBe(403);

      session = await launchTestBrowser();
      const { page, problems } = session;
      await signInAsAdmin(page, adminUrl, '/approvals');
      await page.getByRole('heading', { name: 'Approvals' }).waitFor();
      const queue = page.getByRole('table', { name: 'Subscriptions' });
      await queue.getByRole('row').nth(2).waitFor();
      await expect.poll(() => queue.getByRole('row').count(), { timeout: 10_000 }).toBe(3);
      await page.screenshot({ path: `${screenshots}/approvals.png` });

      await queue.getByRole('button', { name: `Approve ${good.appId} to gated` }).click();
      await page.getByRole('status').getByText(`Subscription of ${good.appId} to gated: approved.`).waitFor();
      await queue
        .getByRole('button', { name: `Approve ${good.appId} to gated` })
        .waitFor({ state: 'detached' });
      expect((await setup.call(good.key, 'gated')).status).toBe(200);

      // Rejecting needs a reason, as the API does; the form says so before sending.
      await queue.getByRole('button', { name: `Reject ${bad.appId} to gated` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Reject subscription' }).click();
      await dialog.getByText('A reason is required; the subscriber sees it.').waitFor();
      await dialog.getByLabel('Reason').fill('Use the public route instead.');
      await page.screenshot({ path: `${screenshots}/approvals-reject.png` });
      await dialog.getByRole('button', { name: 'Reject subscription' }).click();
      await page
        .getByRole('status')
        .getByText(`Subscription of ${bad.appId} to gated: rejected (Use the public route instead.).`)
        .waitFor();
      await page.getByText('Nothing waits for approval.').waitFor();
      expect((await setup.call(bad.key, 'gated')).status).toBe(403);

      // The decisions stay visible under their status.
      await page.getByLabel('Show').selectOption('rejected');
      await queue.getByRole('cell', { name: 'Use the public route instead.' }).waitFor();
      await page.getByLabel('Show').selectOption('');
      await queue.getByRole('row').nth(2).waitFor();
      await queue.getByText('approved', { exact: true }).waitFor();
      await page.screenshot({ path: `${screenshots}/approvals-decided.png` });
      const stored = await admin.get<{ items: { app_id: string; status: string; reason: string | null }[] }>(
        '/api/admin/subscriptions?status=rejected',
      );
      expect(stored.body.items).toEqual([
        expect.objectContaining({ app_id: bad.appId, reason: 'Use the public route instead.' }),
      ]);
      // Each decision is in the audit log, found with the server-side action filter.
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Audit log' })
        .click();
      await page.getByRole('heading', { name: 'Audit log' }).waitFor();
      await page.getByLabel('Action').fill('subscription.reject');
      const audit = page.getByRole('table', { name: 'Audit log' });
      await expect.poll(() => audit.getByRole('row').count(), { timeout: 10_000 }).toBe(2);
      await audit.getByRole('cell', { name: 'subscription.reject', exact: true }).waitFor();
      await page.screenshot({ path: `${screenshots}/audit.png` });
      expect(problems).toEqual([]);
    },
    120_000,
  );
});
