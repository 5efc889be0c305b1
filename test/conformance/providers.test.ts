import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/core/chat.js';
import { SseDecoder } from '../../src/upstream/sse-decoder.js';
import { FakeUpstream } from '../support/fake-upstream.js';
import { FakeTokenEndpoint } from './matrix/fake-token-endpoint.js';
import { readProviderFixtures } from './matrix/read-provider-fixtures.js';
import { startFixtureGateway } from './matrix/start-fixture-gateway.js';
import { upstreamReply } from './matrix/upstream-reply.js';

/**
 * The provider conformance suite: every fixture in test/fixtures/providers/<type>/ is replayed
 * through a real gateway against a fake upstream. Adding a provider adds fixtures, not tests.
 */
const fixtures = readProviderFixtures();
const providerTypes = [...new Set(fixtures.map((file) => file.type))];

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

/** Google providers' service-account keys are exchanged here (see FakeTokenEndpoint). */
const tokens = new FakeTokenEndpoint();
beforeAll(() => tokens.start());
afterAll(() => tokens.stop());

for (const type of providerTypes) {
  describe(`provider conformance: ${type}`, () => {
    const upstream = new FakeUpstream(() => ({ kind: 'hang' }));
    let base = '';
    beforeAll(async () => {
      base = await upstream.start();
    });
    afterAll(() => upstream.stop());

    for (const { name, fixture } of fixtures.filter((file) => file.type === type)) {
      it(`${name}: ${fixture.description}`, async () => {
        const gateway = await startFixtureGateway(type, fixture, base, tokens);
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
