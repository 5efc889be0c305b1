import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserRequired, chromiumInstalled, launchTestBrowser, type TestBrowser } from '../support/launch-test-browser.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const screenshots = 'docs/screenshots';
const runs = chromiumInstalled || browserRequired;
const title = runs
  ? 'the bootstrap admin signs in, changes the one-time password and creates a tenant'
  : 'NOT RUN (no /usr/bin/chromium): the bootstrap admin signs in, changes the password, creates a tenant';

describe('web console in Chromium', () => {
  let gateway: TestGateway;
  let session: TestBrowser | undefined;

  beforeAll(async () => {
    if (!runs) return;
    // The app under test is the one built from web/ now, as `npm start` would build it.
    const build = spawnSync(process.execPath, ['--input-type=module', '-e',
      "const { buildIfStale } = await import('./bin/build-if-stale.js'); await buildIfStale();"],
    { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`The build failed:\n${build.stderr}`);
    // No PORTICO_ADMIN_PASSWORD: admin gets a generated one-time password, as on a first start.
    gateway = await startGateway('providers: []\n', {}, { controlPlane: true, adminPassword: '' });
  }, 240_000);
  afterAll(async () => {
    await session?.browser.close();
    await gateway?.close();
  });

  it.runIf(runs)(title, async () => {
    session = await launchTestBrowser();
    const { page, problems } = session;
    const adminUrl = gateway.adminUrl ?? '';
    const oneTimePassword = gateway.bootstrappedAdmin?.password ?? '';
    expect(oneTimePassword).not.toBe('');

    await page.goto(`${adminUrl}/tenants`);
    await page.getByRole('heading', { name: 'Sign in to Portico' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(oneTimePassword);
    await page.screenshot({ path: `${screenshots}/login.png` });
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('Current password', { exact: true }).fill(oneTimePassword);
    await page.getByLabel('New password', { exact: true }).fill('a-new-admin-password');
    await page.getByLabel('Repeat the new password', { exact: true }).fill('a-new-admin-password');
    await page.screenshot({ path: `${screenshots}/change-password.png` });
    await page.getByRole('button', { name: 'Change password' }).click();

    // Back where the sign-in started: the tenants page, deep-linked.
    await page.getByRole('heading', { name: 'Tenants' }).waitFor();
    await page.getByText('No tenants yet.').waitFor();
    await page.getByLabel('Tenant name').fill('acme');
    await page.getByLabel('Display name').fill('Acme Corporation');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByRole('table', { name: 'Tenants' }).getByRole('cell', { name: 'Acme Corporation' }).waitFor();
    await page.getByRole('status').getByText('Created tenant acme.').waitFor();
    // Mantine marks a busy button with data-loading; the screenshot waits until it is idle again.
    await page.locator('button[data-loading]').waitFor({ state: 'detached' });
    await page.screenshot({ path: `${screenshots}/tenants.png` });

    const signIn = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'a-new-admin-password' }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const tenants = await fetch(`${adminUrl}/api/admin/tenants`, { headers: { cookie } });
    const page1 = (await tenants.json()) as { items: { name: string; display_name: string }[] };
    expect(page1.items).toEqual([expect.objectContaining({ name: 'acme', display_name: 'Acme Corporation' })]);

    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.screenshot({ path: `${screenshots}/console.png` });
    await nav.getByRole('link', { name: 'Providers' }).click();
    await page.getByText('No providers yet.').waitFor();
    await page.goto(`${adminUrl}/portal`);
    await page.getByRole('heading', { name: 'Catalogue' }).waitFor();
    await page.getByText('No REST services are published to you yet.').waitFor();
    await page.getByText('No model routes are published to you yet.').waitFor();
    await page.getByRole('button', { name: 'Use the dark theme' }).click();
    await page.screenshot({ path: `${screenshots}/portal-dark.png` });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Portico' }).waitFor();
    expect(problems).toEqual([]);
  }, 90_000);
});
