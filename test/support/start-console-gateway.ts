import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { adminClient, type AdminClient } from './admin-client.js';
import { FakeUpstream, openAiTextReply } from './fake-upstream.js';
import { startGateway, testAdminPassword, type TestGateway } from './start-gateway.js';

/** A gateway for a console flow: admin API on, one OpenAI-type provider at a fake upstream. */
export interface ConsoleGateway {
  gateway: TestGateway;
  upstream: FakeUpstream;
  /** `http://127.0.0.1:<admin port>`. */
  adminUrl: string;
  /** The admin API as the bootstrap admin (session cookie). */
  admin: AdminClient;
  /** One chat completion through the data plane with `key`; answers the HTTP status and request id. */
  call(
    key: string,
    model: string,
    question?: string,
  ): Promise<{ status: number; requestId: string; body: string }>;
  close(): Promise<void>;
}

/** The usage every fake answer reports. */
export const fakeUsage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 };

/** Builds the web app when stale (as `npm start` does), starts a fake upstream and Portico. */
export async function startConsoleGateway(): Promise<ConsoleGateway> {
  const build = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const { buildIfStale } = await import('./bin/build-if-stale.js'); await buildIfStale();",
    ],
    { encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`The build failed:\n${build.stderr}`);
  // A question containing "fail" gets a 500, so flows can put failed calls in the call log.
  const upstream = new FakeUpstream((request) =>
    JSON.stringify(request.body).includes('fail')
      ? { kind: 'json', status: 500, body: { error: { message: 'the fake failed on purpose' } } }
      : openAiTextReply('hello from the fake', fakeUsage),
  );
  const base = await upstream.start();
  const gateway = await startGateway(
    `providers:\n  - { id: fake-openai, type: openai, api_key: sk-test, base_url: "${base}/v1" }\n`,
    {},
    { controlPlane: true },
  );
  const adminUrl = gateway.adminUrl ?? '';
  const login = await fetch(`${adminUrl}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
  });
  if (login.status !== 200) throw new Error(`admin sign-in failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  return {
    gateway,
    upstream,
    adminUrl,
    admin: adminClient(adminUrl, { cookie }, undefined),
    async call(key, model, question = 'hi') {
      const response = await fetch(`${gateway.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: question }] }),
      });
      const body = await response.text();
      return { status: response.status, requestId: response.headers.get('x-request-id') ?? '', body };
    },
    async close() {
      await gateway.close();
      await upstream.stop();
    },
  };
}

/** Signs the bootstrap admin in through the login page, starting from `path`. */
export async function signInAsAdmin(page: Page, adminUrl: string, path: string): Promise<void> {
  await page.goto(`${adminUrl}${path}`);
  await page.getByLabel('Username', { exact: true }).fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(testAdminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
