import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { BudgetAlert } from '../../../src/policy/spend-ports.js';
import { WebhookAlerter } from '../../../src/policy/webhook-alerter.js';
import { WebhookTargetPolicy } from '../../../src/policy/webhook-target-policy.js';

/** The test servers listen on loopback, which only an allow-list lets alerts reach. */
const loopback = new WebhookTargetPolicy(['127.0.0.1']);

const alert: Omit<BudgetAlert, 'webhookUrl'> = {
  scope: 'tenant',
  scopeId: 't1',
  tenantId: 't1',
  period: 'day',
  periodStart: Date.UTC(2026, 11, 3),
  limitUsd: 10,
  spentUsd: 8.5,
};

let server: Server | undefined;
afterEach(() => server?.close());

async function readBody(incoming: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of incoming) body += String(chunk);
  return body;
}

async function listen(statuses: number[], bodies: string[]): Promise<string> {
  server = createServer((incoming, outgoing) => {
    void readBody(incoming).then((body) => {
      bodies.push(body);
      outgoing.statusCode = statuses.shift() ?? 200;
      outgoing.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

describe('WebhookAlerter', () => {
  it('posts the alert as JSON and retries a failed delivery', async () => {
    const bodies: string[] = [];
    const logged: string[] = [];
    const url = await listen([500], bodies);
    const alerter = new WebhookAlerter({
      log: (message) => logged.push(message),
      backoffMs: 10,
      targets: loopback,
    });
    alerter.softThresholdReached({ ...alert, webhookUrl: url });
    await alerter.drain();
    expect(bodies).toHaveLength(2);
    expect(JSON.parse(bodies[1]!)).toEqual({ type: 'budget.soft_threshold_reached', ...alert });
    expect(logged).toEqual([`Budget alert webhook failed: POST ${url} (attempt 1 of 3): status 500`]);
  });

  it('gives up after three attempts, logging each, without throwing', async () => {
    const logged: Array<Record<string, unknown>> = [];
    const url = await listen([], []);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const alerter = new WebhookAlerter({
      log: (_message, fields) => logged.push(fields),
      backoffMs: 5,
      targets: loopback,
    });
    expect(() => alerter.softThresholdReached({ ...alert, webhookUrl: url })).not.toThrow();
    await alerter.drain();
    expect(logged.map((fields) => fields.attempt)).toEqual([1, 2, 3]);
  });

  it('refuses at send a loopback target the policy does not allow, by address or by name', async () => {
    const bodies: string[] = [];
    const logged: string[] = [];
    const url = await listen([], bodies);
    const alerter = new WebhookAlerter({ log: (message) => logged.push(message), backoffMs: 5 });
    alerter.softThresholdReached({ ...alert, webhookUrl: url });
    alerter.softThresholdReached({ ...alert, webhookUrl: url.replace('127.0.0.1', 'localhost') });
    await alerter.drain();
    expect(bodies).toEqual([]);
    expect(logged).toHaveLength(2);
    for (const line of logged) expect(line).toMatch(/attempt 1 of 3\): refused: 127\.0\.0\.1/);
  });

  it('connects to the address it checked when the name resolves to an allowed one', async () => {
    const bodies: string[] = [];
    const url = await listen([], bodies);
    const alerter = new WebhookAlerter({ log: () => undefined, targets: loopback });
    alerter.softThresholdReached({ ...alert, webhookUrl: url.replace('127.0.0.1', 'localhost') });
    await alerter.drain();
    expect(bodies).toHaveLength(1);
  });

  it('does nothing for budgets without a webhook', async () => {
    const alerter = new WebhookAlerter({ log: () => undefined });
    alerter.softThresholdReached({ ...alert, webhookUrl: undefined });
    await alerter.drain();
  });
});
