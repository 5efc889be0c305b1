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
  ? 'an admin creates an app and a key, copies it once, rotates and revokes it, and filters the keys'
  : 'NOT RUN (no /usr/bin/chromium): apps and keys in the console';

describe('console apps and keys in Chromium', () => {
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
      const tenant = await admin.post('/api/admin/tenants', { name: 'acme', display_name: 'Acme' });
      const tenantId = String(tenant.body['id']);
      const route = await admin.post('/api/admin/routes', {
        name: 'chat',
        spec: { targets: [{ provider: 'fake-openai', model: 'gpt-4o' }] },
        visibility: 'shared',
        lifecycle: 'published',
      });
      expect(route.status).toBe(201);

      session = await launchTestBrowser();
      const { page, problems } = session;
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: adminUrl });
      await signInAsAdmin(page, adminUrl, '/tenants');
      await page.getByRole('table', { name: 'Tenants' }).getByRole('link', { name: 'acme' }).click();
      await page.getByRole('heading', { name: 'Tenant Acme' }).waitFor();
      await page.getByText('No apps in this tenant yet.').waitFor();

      // The form applies the API's rule (name ≤ 200) before sending.
      await page.getByLabel('App name').fill('x'.repeat(201));
      await page.getByText('At most 200 characters.').waitFor();
      await page.getByLabel('App name').fill('storefront');
      await page.getByLabel('Description').fill('The web shop');
      await page.getByRole('button', { name: 'Create app' }).click();
      await page.getByRole('status').getByText('Created app storefront.').waitFor();
      await page.locator('button[data-loading]').waitFor({ state: 'detached' });
      await page.screenshot({ path: `${screenshots}/tenant-apps.png` });
      await page.getByRole('table', { name: 'Apps' }).getByRole('link', { name: 'storefront' }).click();

      await page.getByRole('heading', { name: 'App storefront' }).waitFor();
      await page.getByText('No keys yet.').waitFor();
      await page.getByLabel('Key name').fill('production');
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Copy the new API key now' });
      await dialog.getByText('Shown only once').waitFor();
      const secret = ((await dialog.getByTestId('new-api-key').textContent()) ?? '').trim();
      expect(secret).toMatch(/^pk-/);
      await dialog.getByRole('button', { name: 'Copy key' }).click();
      await dialog.getByRole('button', { name: 'Copied' }).waitFor();
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
      await page.screenshot({ path: `${screenshots}/key-created-once.png` });
      await dialog.getByRole('button', { name: 'I have stored the key' }).click();
      await dialog.waitFor({ state: 'detached' });
      // Never shown again: the list has the prefix only.
      const keys = page.getByRole('table', { name: 'API keys' });
      await keys.getByRole('cell', { name: 'production', exact: true }).waitFor();
      expect(await page.content()).not.toContain(secret);
      const first = await setup.call(secret, 'chat');
      expect(first.status, first.body).toBe(200);

      // Rotate with no grace period: the new key works, the old one stops.
      await keys.getByRole('button', { name: 'Rotate production' }).click();
      const rotateDialog = page.getByRole('dialog', { name: 'Rotate key production?' });
      await rotateDialog.getByLabel('Old key keeps working for').selectOption('0');
      await rotateDialog.getByRole('button', { name: 'Rotate key' }).click();
      const rotated = ((await dialog.getByTestId('new-api-key').textContent()) ?? '').trim();
      expect(rotated).toMatch(/^pk-/);
      expect(rotated).not.toBe(secret);
      await dialog.getByRole('button', { name: 'I have stored the key' }).click();
      await keys.getByText('expired', { exact: true }).waitFor();
      expect((await setup.call(rotated, 'chat')).status).toBe(200);
      expect((await setup.call(secret, 'chat')).status).toBe(401);

      // Revoke, confirmed in a dialog; Cancel first changes nothing.
      const liveRow = keys.getByRole('row').filter({ hasText: 'active' });
      await liveRow.getByRole('button', { name: 'Revoke production' }).click();
      const revokeDialog = page.getByRole('dialog', { name: 'Revoke key production?' });
      await revokeDialog.getByRole('button', { name: 'Cancel' }).click();
      await revokeDialog.waitFor({ state: 'detached' });
      expect((await setup.call(rotated, 'chat')).status).toBe(200);
      await liveRow.getByRole('button', { name: 'Revoke production' }).click();
      await revokeDialog.getByRole('button', { name: 'Revoke key' }).click();
      await keys.getByText('revoked', { exact: true }).waitFor();
      expect((await setup.call(rotated, 'chat')).status).toBe(401);

      // The keys page lists keys across apps, filtered on the server.
      const appId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      for (let index = 0; index < 30; index += 1) {
        await admin.post(`/api/admin/apps/${appId}/keys`, {
          name: `batch-${String(index).padStart(2, '0')}`,
        });
      }
      const other = await admin.post(`/api/admin/tenants/${tenantId}/apps`, { name: 'mobile' });
      await admin.post(`/api/admin/apps/${String(other.body['id'])}/keys`, { name: 'mobile-ios' });
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Keys' })
        .click();
      await page.getByRole('heading', { name: 'Keys' }).waitFor();
      const all = page.getByRole('table', { name: 'API keys' });
      await all.getByRole('row').nth(25).waitFor();
      await expect.poll(() => all.getByRole('row').count(), { timeout: 10_000 }).toBe(26);
      const pages = page.getByRole('group', { name: 'Pages of API keys' });
      await pages.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Page 2').waitFor();
      await page.getByLabel('Search keys').fill('mobile');
      await all.getByRole('cell', { name: 'mobile-ios', exact: true }).waitFor();
      await page.getByText('Page 1').waitFor();
      await expect.poll(() => all.getByRole('row').count(), { timeout: 10_000 }).toBe(2);
      await page.getByLabel('Search keys').fill('production');
      await page.getByLabel('Status').selectOption('revoked');
      await all.getByRole('row').filter({ hasText: 'revoked' }).waitFor();
      await expect.poll(() => all.getByRole('row').count(), { timeout: 10_000 }).toBe(2);
      await page.getByLabel('Status').selectOption('active');
      await page.getByText('No keys match these filters.').waitFor();
      await page.getByLabel('Search keys').fill('');
      await page.getByLabel('Status').selectOption('');
      await all.getByRole('row').nth(25).waitFor();
      await page.screenshot({ path: `${screenshots}/keys.png` });
      await page.getByRole('button', { name: 'Use the dark theme' }).click();
      await page.screenshot({ path: `${screenshots}/keys-dark.png` });
      expect(problems).toEqual([]);
    },
    120_000,
  );
});
