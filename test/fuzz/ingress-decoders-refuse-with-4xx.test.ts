import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/core/chat.js';
import { GatewayError } from '../../src/core/gateway-error.js';
import { isJsonObject } from '../../src/core/json-guards.js';
import { assertValid } from '../../src/core/schema-error.js';
import { checkCountTokensRequest } from '../../src/data-plane/anthropic-messages/check-anthropic-request.js';
import { anthropicMessagesDialect } from '../../src/data-plane/anthropic-messages/anthropic-messages-dialect.js';
import { estimateAnthropicTokens } from '../../src/data-plane/anthropic-messages/estimate-anthropic-tokens.js';
import { estimateGeminiTokens } from '../../src/data-plane/gemini/estimate-gemini-tokens.js';
import { geminiDialect, streamAction } from '../../src/data-plane/gemini/gemini-dialect.js';
import { geminiCountTokensValidator } from '../../src/data-plane/gemini/gemini-request-schema.js';
import { openAiChatDialect } from '../../src/data-plane/openai-chat/openai-chat-dialect.js';
import { openAiEmbeddingsCodec } from '../../src/data-plane/openai-embeddings/openai-embeddings-codec.js';
import { createOpenAiResponsesDialect } from '../../src/data-plane/openai-responses/openai-responses-dialect.js';
import { parseJsonBody } from '../../src/data-plane/read-request-body.js';
import type { ChatDialect, IngressInfo } from '../../src/pipeline/dialect/chat-dialect.js';
import { fuzzParameters, fuzzTimeoutMs } from './fuzz-settings.js';
import { anyDocument, mutated, oddString } from './json-arbitraries.js';
import { hostileBodyBytes } from './hostile-body-bytes.js';
import {
  anthropicRequests,
  chatRequests,
  embeddingsRequests,
  geminiCountTokensRequests,
  geminiRequests,
  responsesRequests,
} from './valid-requests.js';

/** One ingress decoder: the documents to feed it and what reading one fully means. */
interface IngressCase {
  name: string;
  valid: fc.Arbitrary<JsonObject>;
  /** Everything the gateway does with a body before it calls an upstream, and the upstream body. */
  decode(body: unknown): Promise<void>;
}

const text = fc.oneof(fc.string({ maxLength: 20 }), oddString);

/** Parse, then build both upstream bodies (translated and passthrough) and serialize them. */
function chatCase(
  name: string,
  valid: fc.Arbitrary<JsonObject>,
  dialect: () => ChatDialect,
  ingress: IngressInfo = {},
): IngressCase {
  return {
    name,
    valid,
    decode: (body) => {
      const parsed = dialect().parseRequest(body, ingress);
      const warnings: string[] = [];
      JSON.stringify(parsed.toCanonical('upstream-model', warnings));
      JSON.stringify(parsed.passthroughBody('upstream-model'));
      return Promise.resolve();
    },
  };
}

const cases: IngressCase[] = [
  chatCase('OpenAI Chat', chatRequests('m', text), () => openAiChatDialect),
  chatCase('OpenAI Responses', responsesRequests('m', text), createOpenAiResponsesDialect),
  chatCase('Anthropic Messages', anthropicRequests('m', text), () => anthropicMessagesDialect),
  chatCase('Gemini generateContent', geminiRequests(text), () => geminiDialect, {
    pathModel: 'm',
    pathAction: 'generateContent',
  }),
  chatCase('Gemini streamGenerateContent', geminiRequests(text), () => geminiDialect, {
    pathModel: 'm',
    pathAction: streamAction,
  }),
  {
    name: 'Anthropic count_tokens',
    valid: anthropicRequests('m', text, true),
    decode: async (body) => {
      checkCountTokensRequest(body);
      if (isJsonObject(body)) await estimateAnthropicTokens(body);
    },
  },
  {
    name: 'Gemini countTokens',
    valid: geminiCountTokensRequests(text),
    decode: async (body) => {
      if (geminiCountTokensValidator.Check(body)) await estimateGeminiTokens(body);
      else assertValid(geminiCountTokensValidator, body);
    },
  },
  {
    name: 'OpenAI embeddings',
    valid: embeddingsRequests('m', text),
    decode: (body) => {
      const parsed = openAiEmbeddingsCodec.parseRequest(body);
      JSON.stringify(parsed.toCanonical('upstream-model') ?? null);
      JSON.stringify(parsed.passthroughBody('upstream-model'));
      return Promise.resolve();
    },
  },
];

/** Runs a decode; any refusal must be a GatewayError with a 4xx status, never another exception. */
async function decodesOrRefuses(decode: () => Promise<void>): Promise<void> {
  try {
    await decode();
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    expect(error.status, `${error.code}: ${error.message}`).toBeGreaterThanOrEqual(400);
    expect(error.status, `${error.code}: ${error.message}`).toBeLessThan(500);
    expect(error.message.length).toBeGreaterThan(0);
  }
}

describe('every ingress decoder reads a body or refuses it with a 4xx GatewayError', () => {
  for (const testCase of cases) {
    it(
      `${testCase.name}: valid bodies decode`,
      async () => {
        await fc.assert(
          fc.asyncProperty(testCase.valid, async (body) => {
            await testCase.decode(body);
          }),
          fuzzParameters(30),
        );
      },
      fuzzTimeoutMs,
    );

    it(
      `${testCase.name}: mutated bodies decode or get a 4xx`,
      async () => {
        await fc.assert(
          fc.asyncProperty(mutated(testCase.valid), (body) => decodesOrRefuses(() => testCase.decode(body))),
          fuzzParameters(150),
        );
      },
      fuzzTimeoutMs,
    );

    it(
      `${testCase.name}: arbitrary JSON decodes or gets a 4xx`,
      async () => {
        await fc.assert(
          fc.asyncProperty(anyDocument, (body) => decodesOrRefuses(() => testCase.decode(body))),
          fuzzParameters(150),
        );
      },
      fuzzTimeoutMs,
    );

    it(
      `${testCase.name}: raw bytes (invalid UTF-8, truncated, deeply nested) decode or get a 4xx`,
      async () => {
        await fc.assert(
          fc.asyncProperty(hostileBodyBytes(testCase.valid), (bytes) =>
            decodesOrRefuses(() => testCase.decode(parseJsonBody(bytes))),
          ),
          fuzzParameters(50),
        );
      },
      fuzzTimeoutMs,
    );
  }
});
