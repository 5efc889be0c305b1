import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/core/chat.js';
import { SseDecoder } from '../../src/upstream/sse-decoder.js';
import { encodeAwsEventStream } from '../support/encode-aws-event-stream.js';
import { FakeUpstream, type FakeReply } from '../support/fake-upstream.js';
import { startGateway } from '../support/start-gateway.js';
import type { ProviderFixture } from './fixture.js';

/**
 * The provider conformance suite: every fixture in test/fixtures/providers/<type>/ is replayed
 * through a real gateway against a fake upstream. Adding a provider adds fixtures, not tests.
 */
const root = join(import.meta.dirname, '..', 'fixtures', 'providers');
const providerTypes = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

interface Assembled {
  content: string | null;
  reasoning: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason?: string;
  usage?: JsonObject;
}

/** Checks every frame is a well-formed OpenAI chunk and folds the stream into one message. */
function assemble(text: string): Assembled {
  const events = [...new SseDecoder().push(text)];
  expect(events.at(-1)?.data, 'a stream ends with data: [DONE]').toBe('[DONE]');
  const result: Assembled = { content: null, reasoning: '', toolCalls: [] };
  for (const event of events.slice(0, -1)) {
    const chunk = JSON.parse(event.data) as JsonObject & {
      choices: {
        delta: {
          content?: string;
          reasoning_content?: string;
          tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[];
        };
        finish_reason: string | null;
      }[];
      usage?: JsonObject | null;
    };
    expect(Array.isArray(chunk.choices)).toBe(true);
    // Azure's prompt_filter_results chunk (no choices, empty object) is passed through as Azure sends it.
    if (chunk.choices.length > 0) expect(chunk['object']).toBe('chat.completion.chunk');
    expect(typeof chunk['id']).toBe('string');
    for (const choice of chunk.choices) {
      if (choice.delta.content) result.content = (result.content ?? '') + choice.delta.content;
      if (choice.delta.reasoning_content) result.reasoning += choice.delta.reasoning_content;
      for (const call of choice.delta.tool_calls ?? []) {
        const slot = (result.toolCalls[call.index] ??= { id: '', name: '', arguments: '' });
        if (call.id) slot.id = call.id;
        if (call.function?.name) slot.name = call.function.name;
        slot.arguments += call.function?.arguments ?? '';
      }
      if (choice.finish_reason) result.finishReason = choice.finish_reason;
    }
    if (chunk.usage) result.usage = chunk.usage;
  }
  return result;
}

/** Small pieces, so event-stream frames reach the gateway split across chunks. */
const eventStreamChunkBytes = 37;

/**
 * Google providers exchange a service-account key for an OAuth token before calling. A fixture
 * names its test-only key by `service_account_file` (relative to the fixtures root); the runner
 * inlines it with `token_uri` pointed at a fake token endpoint that hands out `test-access-token`.
 */
const tokenEndpoint = new FakeUpstream(() => ({
  kind: 'json',
  body: { access_token: 'test-access-token', expires_in: 3600, token_type: 'Bearer' },
}));
let tokenUri = '';
beforeAll(async () => {
  tokenUri = `${await tokenEndpoint.start()}/token`;
});
afterAll(() => tokenEndpoint.stop());

function withTestKey(provider: JsonObject): JsonObject {
  const file = provider['service_account_file'];
  if (typeof file !== 'string') return provider;
  const key = JSON.parse(readFileSync(join(root, file), 'utf8')) as JsonObject;
  const inlined: JsonObject = {
    ...provider,
    service_account_json: JSON.stringify({ ...key, token_uri: tokenUri }),
  };
  delete inlined['service_account_file'];
  return inlined;
}

function upstreamReply(fixture: ProviderFixture): FakeReply {
  const { status, headers, body, sse, eventStream } = fixture.upstream;
  if (eventStream !== undefined) {
    const bytes = encodeAwsEventStream(eventStream);
    const chunks: Uint8Array[] = [];
    for (let start = 0; start < bytes.length; start += eventStreamChunkBytes)
      chunks.push(bytes.subarray(start, start + eventStreamChunkBytes));
    return {
      kind: 'bytes',
      status,
      headers: { 'content-type': 'application/vnd.amazon.eventstream', ...headers },
      chunks,
    };
  }
  if (sse !== undefined)
    return { kind: 'sse', status, events: sse, ...(headers === undefined ? {} : { headers }) };
  return { kind: 'json', status, body, ...(headers === undefined ? {} : { headers }) };
}

for (const type of providerTypes) {
  const directory = join(root, type);
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.json') && !file.endsWith('.test-key.json'))
    .sort();

  describe(`provider conformance: ${type}`, () => {
    const upstream = new FakeUpstream(() => ({ kind: 'hang' }));
    let base = '';
    beforeAll(async () => {
      base = await upstream.start();
    });
    afterAll(() => upstream.stop());

    for (const file of files) {
      const fixture = JSON.parse(readFileSync(join(directory, file), 'utf8')) as ProviderFixture;
      it(`${file.replace(/\.json$/, '')}: ${fixture.description}`, async () => {
        const provider = withTestKey({
          id: 'fixture',
          type,
          base_url: base,
          api_key: 'test-provider-key',
          ...fixture.provider,
        });
        const gateway = await startGateway(
          JSON.stringify({
            providers: [provider],
            models: [
              { name: 'test-route', targets: [{ provider: 'fixture', model: fixture.upstreamModel }] },
            ],
          }),
        );
        try {
          upstream.setHandler(() => upstreamReply(fixture));
          const before = upstream.requests.length;
          const response = await fetch(`${gateway.url}/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ...fixture.request, model: 'test-route' }),
          });
          const text = await response.text();

          const sent = upstream.requests[before];
          expect(sent, 'the upstream was called').toBeDefined();
          expect(sent?.url).toBe(fixture.expectUpstream.path);
          for (const [name, value] of Object.entries(fixture.expectUpstream.headers ?? {}))
            expect(sent?.headers[name]).toBe(value);
          for (const [name, pattern] of Object.entries(fixture.expectUpstream.headerPatterns ?? {}))
            expect(sent?.headers[name]).toMatch(new RegExp(pattern));
          if (fixture.expectUpstream.body !== undefined)
            expect(sent?.body).toMatchObject(fixture.expectUpstream.body);
          for (const field of fixture.expectUpstream.absent ?? [])
            expect(sent?.body as JsonObject).not.toHaveProperty(field);

          expect(response.status, text).toBe(fixture.expect.status);
          if (fixture.expect.assembled !== undefined) {
            expect(response.headers.get('content-type')).toContain('text/event-stream');
            expect(assemble(text)).toMatchObject(fixture.expect.assembled);
          }
          if (fixture.expect.body !== undefined) expect(JSON.parse(text)).toMatchObject(fixture.expect.body);

          if (fixture.expect.assembled !== undefined) {
            // The official SDK must read the same stream without complaint.
            const client = new OpenAI({ apiKey: 'unused', baseURL: gateway.url, maxRetries: 0 });
            const stream = await client.chat.completions.create({
              ...(fixture.request as unknown as OpenAI.ChatCompletionCreateParamsStreaming),
              model: 'test-route',
              stream: true,
            });
            let content = '';
            for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
            expect(content).toBe(fixture.expect.assembled.content ?? '');
          }
        } finally {
          await gateway.close();
        }
      });
    }
  });
}
