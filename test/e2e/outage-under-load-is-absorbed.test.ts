import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeUpstream,
  openAiCompletion,
  openAiTextStream,
  type RecordedRequest,
} from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

// Size of the run; docs/resilience.md records a larger one (OUTAGE_REQUESTS=20000).
const total = Number(process.env['OUTAGE_REQUESTS'] ?? 2_000);
const concurrency = 50;

const answer = (upstreamRequest: RecordedRequest) => {
  const body = upstreamRequest.body as { model: string; stream?: boolean };
  return body.stream === true
    ? { kind: 'sse' as const, events: openAiTextStream(body.model, ['a', 'b', 'c']) }
    : { kind: 'json' as const, body: openAiCompletion(body.model, 'ok') };
};

describe('a provider outage in the middle of a load run', () => {
  const primary = new FakeUpstream(answer);
  const backup = new FakeUpstream(answer);
  let gateway: TestGateway;

  beforeAll(async () => {
    const [primaryUrl, backupUrl] = await Promise.all([primary.start(), backup.start()]);
    gateway = await startGateway(`
logging: { level: warn }
providers:
  - { id: primary, type: openai-compatible, base_url: "${primaryUrl}/v1" }
  - { id: backup, type: openai-compatible, base_url: "${backupUrl}/v1" }
models:
  - name: chat
    targets: [{ provider: primary, model: p }, { provider: backup, model: b }]
`);
  });
  afterAll(async () => {
    await gateway.close();
    await backup.stop();
  });

  it('is absorbed by fallback with zero failed client requests', async () => {
    const agent = new Agent({ connections: concurrency });
    let started = 0;
    let completed = 0;
    const failures: string[] = [];
    let outage: Promise<void> | undefined;
    const begin = Date.now();

    const worker = async (): Promise<void> => {
      while (started < total) {
        const index = started++;
        if (index === Math.floor(total / 3)) {
          // The outage: the primary answers 503 to everything, then goes away entirely.
          primary.setHandler(() => ({ kind: 'json', status: 503, body: { error: { message: 'outage' } } }));
          outage = new Promise((resolve) => setTimeout(resolve, 50)).then(() => primary.stop());
        }
        const stream = index % 2 === 0;
        const response = await request(`${gateway.url}/chat/completions`, {
          dispatcher: agent,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'chat', stream, messages: [{ role: 'user', content: `#${index}` }] }),
        });
        const text = await response.body.text();
        const good =
          response.statusCode === 200 &&
          (stream ? text.endsWith('data: [DONE]\n\n') && !text.includes('"error"') : text.includes('"ok"'));
        if (!good) failures.push(`#${index} ${response.statusCode} ${text.slice(0, 120)}`);
        completed++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await outage;
    await agent.close();
    const seconds = (Date.now() - begin) / 1000;
    const served = { primary: primary.requests.length, backup: backup.requests.length };
    console.log(
      `outage run: ${completed} requests (half streamed) at concurrency ${concurrency} in ${seconds.toFixed(2)} s ` +
        `(${Math.round(completed / seconds)} req/s); upstream calls primary=${served.primary} backup=${served.backup}; ` +
        `client failures=${failures.length}`,
    );
    expect(failures).toEqual([]);
    expect(completed).toBe(total);
    expect(served.backup).toBeGreaterThan(0);
  }, 120_000);
});
