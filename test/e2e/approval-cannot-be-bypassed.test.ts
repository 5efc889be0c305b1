import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeUpstream,
  openAiCompletion,
  openAiTextStream,
  type RecordedRequest,
} from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const keys = {
  owner: 'key-team-a-owner-0001',
  unapproved: 'key-team-b-unapproved-01',
  approved: 'key-team-b-approved-001',
};

function reply(request: RecordedRequest) {
  const body = request.body as { model: string; stream?: boolean };
  if (request.url === '/v1/embeddings') {
    return {
      kind: 'json' as const,
      body: {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
        model: body.model,
        usage: { prompt_tokens: 1, total_tokens: 1 },
      },
    };
  }
  if (body.stream === true) return { kind: 'sse' as const, events: openAiTextStream(body.model, ['ok']) };
  return { kind: 'json' as const, body: openAiCompletion(body.model, 'ok') };
}

/** Tenant A owns a private route and approval-gated ones; tenant B has an app with and one without approval. */
function config(base: string, server: string): string {
  const target = '[{ provider: openai-main, model: gpt-4o }]';
  const embedTarget = '[{ provider: openai-main, model: text-embedding-3-small }]';
  return `
${server}
providers:
  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${base}/v1" }
tenants:
  - name: team-a
    apps: [{ name: a-app, keys: [{ name: a, key: ${keys.owner} }] }]
  - name: team-b
    apps:
      - { name: b-unapproved, keys: [{ name: b1, key: ${keys.unapproved} }] }
      - name: b-approved
        keys: [{ name: b2, key: ${keys.approved} }]
        subscriptions: [team-a/gated, team-a/embed-gated]
models:
  - { name: team-a/private, tenant: team-a, visibility: private, targets: ${target} }
  - { name: team-a/gated, tenant: team-a, requires_approval: true, targets: ${target} }
  - { name: team-a/embed-private, tenant: team-a, visibility: private, targets: ${embedTarget} }
  - { name: team-a/embed-gated, tenant: team-a, requires_approval: true, targets: ${embedTarget} }
`;
}

interface Attempt {
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

const messages = [{ role: 'user', content: 'hi' }];
const contents = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Each ingress, naming the model its own way. Gemini names travel in the path, encoded two ways. */
const chatIngresses: Record<string, (model: string, key: string) => Attempt> = {
  'chat completions': (model, key) => ({
    path: '/v1/chat/completions',
    body: { model, messages },
    headers: bearer(key),
  }),
  'chat completions, streamed': (model, key) => ({
    path: '/v1/chat/completions',
    body: { model, messages, stream: true },
    headers: bearer(key),
  }),
  responses: (model, key) => ({ path: '/v1/responses', body: { model, input: 'hi' }, headers: bearer(key) }),
  'anthropic messages': (model, key) => ({
    path: '/v1/messages',
    body: { model, max_tokens: 16, messages },
    headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
  }),
  'anthropic count_tokens': (model, key) => ({
    path: '/v1/messages/count_tokens',
    body: { model, messages },
    headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
  }),
  ...Object.fromEntries(
    ['generateContent', 'streamGenerateContent', 'countTokens'].flatMap((action) => [
      [
        `gemini ${action}, encoded`,
        (model: string, key: string): Attempt => ({
          path: `/v1beta/models/${encodeURIComponent(model)}:${action}`,
          body: contents,
          headers: { 'x-goog-api-key': key },
        }),
      ],
      [
        `gemini ${action}, slashes kept`,
        (model: string, key: string): Attempt => ({
          path: `/v1beta/models/${encodeURIComponent(model).replaceAll('%2F', '/')}:${action}`,
          body: contents,
          headers: { 'x-goog-api-key': key },
        }),
      ],
    ]),
  ),
};

const embeddingsIngress = (model: string, key: string): Attempt => ({
  path: '/v1/embeddings',
  body: { model, input: 'hi' },
  headers: bearer(key),
});

/** Every way of naming a model of A that B may not call: the name, its variants, the direct name. */
function variants(name: string): string[] {
  return [
    name,
    name.toUpperCase(),
    ` ${name}`,
    `${name} `,
    `${name}\n`,
    `\t${name}`,
    name.replace('/', '%2F'),
    name.replace('/', '//'),
    name.replace('/', '/./'),
    `models/${name}`,
    encodeURIComponent(name),
  ];
}
const directNames = (model: string) => [
  `openai-main/${model}`,
  `OpenAI-Main/${model}`,
  `openai-main/${model.toUpperCase()}`,
  ` openai-main/${model}`,
  `openai-main/${model} `,
  `openai-main%2F${model}`,
  `openai-main//${model}`,
];

const chatNames = [...variants('team-a/gated'), ...variants('team-a/private'), ...directNames('gpt-4o')];
const embeddingNames = [
  ...variants('team-a/embed-gated'),
  ...variants('team-a/embed-private'),
  ...directNames('text-embedding-3-small'),
];

async function send(gateway: TestGateway, attempt: Attempt): Promise<{ status: number; text: string }> {
  const response = await fetch(`${new URL(gateway.url).origin}${attempt.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...attempt.headers },
    body: JSON.stringify(attempt.body),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Tenant B's app without an approved subscription names tenant A's approval-gated and private
 * models every way it can, on every ingress, with direct names off (the default) and with
 * direct names on but granted to tenant A only: every attempt is refused and no request
 * reaches the upstream. B's approved app gets through on each ingress, so the table is not vacuous.
 */
describe.each([
  { mode: 'direct names off (default)', server: '' },
  {
    mode: 'direct names on, granted to team-a only',
    server: 'server: { direct_model_access: true, direct_model_tenants: [team-a] }',
  },
])('approval cannot be bypassed, $mode', ({ server }) => {
  const upstream = new FakeUpstream(reply);
  let gateway: TestGateway;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(config(base, server));
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const table = [
    ...Object.entries(chatIngresses).flatMap(([ingress, build]) =>
      chatNames.map((name) => ({ ingress, name, build })),
    ),
    ...embeddingNames.map((name) => ({ ingress: 'embeddings', name, build: embeddingsIngress })),
  ];

  it('refuses every way of naming the models, and nothing reaches the upstream', async () => {
    const passed: string[] = [];
    for (const { ingress, name, build } of table) {
      const { status, text } = await send(gateway, build(name, keys.unapproved));
      if (![400, 403, 404].includes(status))
        passed.push(`${ingress} ${JSON.stringify(name)}: ${status} ${text}`);
    }
    expect(passed).toEqual([]);
    expect(upstream.requests.map((request) => request.url)).toEqual([]);
  });

  it('answers the plain names as gated, unknown and unknown', async () => {
    const code = async (name: string) => {
      const { status, text } = await send(gateway, chatIngresses['chat completions']!(name, keys.unapproved));
      return [status, (JSON.parse(text) as { error: { code: string } }).error.code];
    };
    expect(await code('team-a/gated')).toEqual([403, 'subscription_required']);
    // Another tenant's private route and an ungranted direct name answer as a name nobody declared.
    expect(await code('team-a/private')).toEqual([404, 'model_not_found']);
    expect(await code('openai-main/gpt-4o')).toEqual([404, 'model_not_found']);
    expect(await code('no-such-model')).toEqual([404, 'model_not_found']);
    expect(upstream.requests).toEqual([]);
  });

  it("serves tenant B's approved app on every ingress", async () => {
    const failed: string[] = [];
    for (const [ingress, build] of Object.entries(chatIngresses)) {
      const { status, text } = await send(gateway, build('team-a/gated', keys.approved));
      if (status !== 200) failed.push(`${ingress}: ${status} ${text}`);
    }
    const embedded = await send(gateway, embeddingsIngress('team-a/embed-gated', keys.approved));
    if (embedded.status !== 200) failed.push(`embeddings: ${embedded.status} ${embedded.text}`);
    expect(failed).toEqual([]);
    expect(upstream.requests.length).toBeGreaterThan(0);
  });

  it("refuses direct names to B's approved app too: a subscription to a route is not a grant", async () => {
    const before = upstream.requests.length;
    const { status } = await send(
      gateway,
      chatIngresses['chat completions']!('openai-main/gpt-4o', keys.approved),
    );
    expect(status).toBe(404);
    expect(upstream.requests.length).toBe(before);
  });
});

describe('direct names granted to a tenant', () => {
  const upstream = new FakeUpstream(reply);
  let gateway: TestGateway;

  beforeAll(async () => {
    const base = await upstream.start();
    gateway = await startGateway(
      config(base, 'server: { direct_model_access: true, direct_model_tenants: [team-a] }'),
    );
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it("serve that tenant's keys, and nobody else's", async () => {
    const chat = chatIngresses['chat completions']!;
    expect((await send(gateway, chat('openai-main/gpt-4o', keys.owner))).status).toBe(200);
    expect(upstream.requests.map((request) => (request.body as { model: string }).model)).toEqual(['gpt-4o']);
    expect((await send(gateway, chat('openai-main/gpt-4o', keys.unapproved))).status).toBe(404);
    expect(upstream.requests.length).toBe(1);
  });
});

describe('direct names with no API key stored (the open, local mode)', () => {
  const upstream = new FakeUpstream(reply);
  let base = '';
  beforeAll(async () => {
    base = await upstream.start();
  });
  afterAll(() => upstream.stop());

  it.each([
    { server: '', status: 404 },
    { server: 'server: { direct_model_access: true }', status: 200 },
  ])('answer $status with "$server"', async ({ server, status }) => {
    const gateway = await startGateway(
      `${server}\nproviders:\n  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${base}/v1" }\n`,
    );
    try {
      const answer = await send(gateway, {
        path: '/v1/chat/completions',
        body: { model: 'openai-main/gpt-4o', messages },
        headers: {},
      });
      expect(answer.status, answer.text).toBe(status);
    } finally {
      await gateway.close();
    }
  });
});
