import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, openAiTextReply } from '../support/fake-upstream.js';
import { loadTenantConfig } from '../support/load-tenant-config.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

// Every upstream answer reports 1,000 input + 500 output tokens of gpt-4o (2.5 / 10 USD per 1M):
// 0.0075 USD and 1,500 tokens per call, whatever the prompt.
const usage = { prompt_tokens: 1_000, completion_tokens: 500, total_tokens: 1_500 };
const callCost = 0.0075;
const keys = {
  exact: 'pk-test-exact-budget-key-0001',
  low: 'pk-test-low-estimate-key-0002',
  tpm: 'pk-test-tokens-limit-key-0003',
};

/**
 * 200 concurrent calls through HTTP against nearly exhausted budgets and token limits: the
 * reservation model (docs/limits-and-budgets.md) bounds what can be overspent, and this measures it.
 */
describe('budgets and token limits under 200 concurrent calls', () => {
  const upstream = new FakeUpstream(() => openAiTextReply('ok', usage));
  let gateway: TestGateway;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(
      loadTenantConfig(base, [
        {
          name: 'exact',
          key: keys.exact,
          policy: `        budgets: [{ period: day, limit_usd: ${10 * callCost + 0.001} }]\n`,
        },
        { name: 'low', key: keys.low, policy: '        budgets: [{ period: day, limit_usd: 0.05 }]\n' },
        { name: 'tpm', key: keys.tpm, policy: '        limits: { tokens_per_minute: 15000 }\n' },
      ]),
    );
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  /** Fires 200 calls at once; returns the status of each. */
  async function burst(key: string, prompt: string): Promise<number[]> {
    const calls = Array.from({ length: 200 }, () =>
      fetch(`${gateway.url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', max_tokens: 500, messages: [{ role: 'user', content: prompt }] }),
      }).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }),
    );
    return Promise.all(calls);
  }
  const count = (statuses: number[], status: number) => statuses.filter((value) => value === status).length;

  it('never overspends a budget when each reservation covers the real cost', async () => {
    // ~3,000 bytes of prompt: the 3-bytes-per-token estimate reserves ≥ 1,000 input tokens.
    const statuses = await burst(keys.exact, 'x'.repeat(3_000));
    const served = count(statuses, 200);
    const spent = served * callCost;
    const limit = 10 * callCost + 0.001;
    console.log(
      `budget, reservation ≥ cost: ${served}/200 served, ${count(statuses, 402)} refused 402, spent $${spent.toFixed(4)} of $${limit.toFixed(4)}, overshoot $${Math.max(0, spent - limit).toFixed(4)}`,
    );
    expect(served).toBe(10);
    expect(count(statuses, 402)).toBe(190);
    expect(spent).toBeLessThanOrEqual(limit);
  });

  it('overspends at most (calls admitted) × (cost above reservation) when the estimate is low', async () => {
    // A tiny prompt reserves ~0.005 USD but costs 0.0075: each admitted call may exceed by the difference.
    const statuses = await burst(keys.low, 'hi');
    const served = count(statuses, 200);
    const spent = served * callCost;
    const reservation = 0.005 + 0.0001; // 500 output tokens at 10 USD/1M, plus a few input tokens
    const bound = served * (callCost - 0.005);
    const overshoot = Math.max(0, spent - 0.05);
    console.log(
      `budget, reservation < cost: ${served}/200 served, spent $${spent.toFixed(4)} of $0.0500, overshoot $${overshoot.toFixed(4)} ≤ bound $${bound.toFixed(4)} (reservation ≈ $${reservation.toFixed(4)})`,
    );
    expect(count(statuses, 200) + count(statuses, 402)).toBe(200);
    expect(served).toBeGreaterThan(0);
    expect(overshoot).toBeLessThanOrEqual(bound + 1e-9);
  });

  it('admits no more tokens per minute than the limit holds', async () => {
    const statuses = await burst(keys.tpm, 'x'.repeat(3_000));
    const served = count(statuses, 200);
    console.log(
      `tokens per minute 15,000: ${served}/200 served (${served * 1_500} tokens), ${count(statuses, 429)} refused 429`,
    );
    // Each call reserves its estimate (~1,020 input tokens for 3,060 bytes) + max_tokens 500,
    // a little above the 1,500 it uses: 9 reservations fit in 15,000, the 10th does not.
    expect(served * 1_500).toBeLessThanOrEqual(15_000);
    expect(served).toBeGreaterThanOrEqual(9);
    expect(count(statuses, 429)).toBe(200 - served);
  });
});
