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

/** Records each backoff wait and returns at once, so retries cost no wall time. */
function recordedSleep(waits: number[]): (ms: number) => Promise<void> {
  return (ms) => {
    waits.push(ms);
    return Promise.resolve();
  };
}

describe('WebhookAlerter', () => {
  it('posts the alert as JSON and retries a failed delivery', async () => {
    const bodies: string[] = [];
    const logged: string[] = [];
    const waits: number[] = [];
    const url = await listen([500], bodies);
    const alerter = new WebhookAlerter({
      log: (message) => logged.push(message),
      backoffMs: 10,
      targets: loopback,
      sleep: recordedSleep(waits),
    });
    alerter.softThresholdReached({ ...alert, webhookUrl: url });
    await alerter.drain();
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBe(bodies[1]);
    expect(JSON.parse(bodies[1]!)).toEqual({ type: 'budget.soft_threshold_reached', ...alert });
    expect(waits).toEqual([10]);
    expect(logged).toEqual([`Budget alert webhook failed: POST ${url} (attempt 1 of 3): status 500`]);
  });

  it('retries a failing target with doubling backoff, then gives up after three attempts', async () => {
    const bodies: string[] = [];
    const logged: string[] = [];
    const waits: number[] = [];
    const url = await listen([500, 502, 503, 200], bodies);
    const alerter = new WebhookAlerter({
      log: (message) => logged.push(message),
      backoffMs: 100,
      targets: loopback,
      sleep: recordedSleep(waits),
    });
    alerter.softThresholdReached({ ...alert, webhookUrl: url });
    await alerter.drain();
    // Three deliveries, none after the last failure (the fourth answer, a 200, is never asked for).
    expect(bodies).toHaveLength(3);
    // A wait before each retry, doubling; none after the last attempt.
    expect(waits).toEqual([100, 200]);
    expect(logged).toEqual([
      `Budget alert webhook failed: POST ${url} (attempt 1 of 3): status 500`,
      `Budget alert webhook failed: POST ${url} (attempt 2 of 3): status 502`,
      `Budget alert webhook failed: POST ${url} (attempt 3 of 3): status 503`,
    ]);
  });

  it('gives up after three attempts, logging each, without throwing', async () => {
    const logged: Array<Record<string, unknown>> = [];
    const waits: number[] = [];
    const url = await listen([], []);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const alerter = new WebhookAlerter({
      log: (_message, fields) => logged.push(fields),
      backoffMs: 5,
      targets: loopback,
      sleep: recordedSleep(waits),
    });
    expect(() => alerter.softThresholdReached({ ...alert, webhookUrl: url })).not.toThrow();
    await alerter.drain();
    expect(logged.map((fields) => fields.attempt)).toEqual([1, 2, 3]);
    expect(logged[2]).toMatchObject({ url, scope: 'tenant', scopeId: 't1', period: 'day' });
    expect(waits).toEqual([5, 10]);
  });

  it('does not retry a redirect: one delivery, logged once', async () => {
    const bodies: string[] = [];
    const logged: string[] = [];
    const waits: number[] = [];
    const url = await listen([302], bodies);
    const alerter = new WebhookAlerter({
      log: (message) => logged.push(message),
      targets: loopback,
      sleep: recordedSleep(waits),
    });
    alerter.softThresholdReached({ ...alert, webhookUrl: url });
    await alerter.drain();
    expect(bodies).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(logged).toEqual([
      `Budget alert webhook failed: POST ${url} (attempt 1 of 3): status 302: redirects are not followed`,
    ]);
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
    const logged: string[] = [];
    const waits: number[] = [];
    const alerter = new WebhookAlerter({
      log: (message) => logged.push(message),
      sleep: recordedSleep(waits),
    });
    alerter.softThresholdReached({ ...alert, webhookUrl: undefined });
    await alerter.drain();
    expect(logged).toEqual([]);
    expect(waits).toEqual([]);
  });
});
