import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest, JsonObject } from '../../src/core/chat.js';
import { assertValid } from '../../src/core/schema-error.js';
import {
  chatRequestValidator,
  type OpenAiChatRequest,
} from '../../src/data-plane/openai-chat/chat-request-schema.js';
import { decodeChatRequest } from '../../src/data-plane/openai-chat/decode-chat-request.js';
import { FakeUpstream } from '../support/fake-upstream.js';
import type { ProviderFixture } from './fixture.js';
import { anthropicIngress } from './matrix/anthropic-ingress.js';
import { assertAnswer } from './matrix/assert-answer.js';
import { expectedAnswer } from './matrix/expected-answer.js';
import { FakeTokenEndpoint } from './matrix/fake-token-endpoint.js';
import { geminiIngress } from './matrix/gemini-ingress.js';
import type { IngressDialect } from './matrix/ingress-dialect.js';
import { knownGaps } from './matrix/known-gaps.js';
import { fitRequestToDialect, nonPortableReason } from './matrix/non-portable-reason.js';
import { readProviderFixtures } from './matrix/read-provider-fixtures.js';
import { responsesIngress } from './matrix/responses-ingress.js';
import { fixtureRouteName, startFixtureGateway } from './matrix/start-fixture-gateway.js';
import { upstreamReply } from './matrix/upstream-reply.js';

/**
 * The ingress × egress matrix: every provider fixture replayed through every ingress dialect
 * other than OpenAI Chat (providers.test.ts covers that one). Each fixture's OpenAI request is
 * decoded by the gateway's own OpenAI decoder and re-encoded in the dialect; the answer is read
 * back into the canonical model and checked against the fixture's expectations. Adding a
 * provider adds fixtures, not tests. See docs/conformance.md.
 */
const dialects: readonly IngressDialect[] = [anthropicIngress, geminiIngress, responsesIngress];
const fixtures = readProviderFixtures();

const tokens = new FakeTokenEndpoint();
const upstream = new FakeUpstream(() => ({ kind: 'hang' }));
let upstreamBaseUrl = '';
beforeAll(async () => {
  await tokens.start();
  upstreamBaseUrl = await upstream.start();
});
afterAll(async () => {
  await upstream.stop();
  await tokens.stop();
});

/** The fixture's OpenAI request in canonical form, read by the gateway's own OpenAI decoder. */
function canonicalRequest(fixture: ProviderFixture): ChatRequest {
  const body: JsonObject = { ...fixture.request, model: fixtureRouteName };
  assertValid(chatRequestValidator, body);
  return decodeChatRequest(body as unknown as OpenAiChatRequest, body, fixtureRouteName);
}

async function replay(dialect: IngressDialect, type: string, fixture: ProviderFixture, request: ChatRequest) {
  const gateway = await startFixtureGateway(type, fixture, upstreamBaseUrl, tokens);
  try {
    upstream.setHandler(() => upstreamReply(fixture));
    const before = upstream.requests.length;
    const call = dialect.buildCall(fitRequestToDialect(dialect.capabilities, request));
    // `url` is the OpenAI base URL (`…/v1`); dialect paths are absolute.
    const response = await fetch(new URL(call.path, gateway.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...call.headers },
      body: JSON.stringify(call.body),
    });
    const text = await response.text();
    const sent = upstream.requests[before];
    expect(sent, `the upstream was called; the gateway answered ${response.status} ${text}`).toBeDefined();
    expect(sent?.url, 'the upstream path').toBe(fixture.expectUpstream.path);

    const expected = expectedAnswer(fixture);
    if (expected.kind === 'error') {
      expect(response.status, text).toBe(expected.error.status);
      expect(response.headers.get('content-type')).toContain('application/json');
      dialect.checkError(JSON.parse(text), expected.error);
      return;
    }
    expect(response.status, text).toBe(fixture.expect.status);
    assertAnswer(dialect, readAnswer(dialect, request, response, text), expected);
  } finally {
    await gateway.close();
  }
}

/** The answer as the dialect's client reads it: an event stream when it asked for one, else JSON. */
function readAnswer(dialect: IngressDialect, request: ChatRequest, response: Response, text: string) {
  const contentType = response.headers.get('content-type');
  if (!request.stream) {
    expect(contentType).toContain('application/json');
    return dialect.readJson(JSON.parse(text), request);
  }
  expect(contentType).toContain('text/event-stream');
  return dialect.readStream(text, request);
}

for (const dialect of dialects) {
  describe(`ingress ${dialect.name}`, () => {
    for (const { type, name, fixture } of fixtures) {
      const cell = `${dialect.name} → ${type}/${name}`;
      const request = canonicalRequest(fixture);
      const reason = nonPortableReason(dialect.capabilities, fixture, request);
      if (reason !== undefined) {
        it.skip(`${cell} (not portable: ${reason})`, () => undefined);
        continue;
      }
      const gap = knownGaps.get(cell);
      (gap === undefined ? it : it.fails)(gap === undefined ? cell : `${cell} (known gap: ${gap})`, () =>
        replay(dialect, type, fixture, request),
      );
    }
  });
}
