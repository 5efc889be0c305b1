import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { openAiChatDialect } from '../../../../src/data-plane/openai-chat/openai-chat-dialect.js';

// Found by test/fuzz (FUZZ_RUNS=1000): `image_url: null` passed the schema as an unknown part
// and the decoder destructured null (TypeError, a 500).
describe('an image_url content part without an object', () => {
  for (const imageUrl of [null, 'https://example.com/a.png', {}]) {
    it(`refuses image_url ${JSON.stringify(imageUrl)} with invalid_request naming the param`, () => {
      const body = {
        model: 'gpt-4o',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: imageUrl }] }],
      };
      const decode = () => openAiChatDialect.parseRequest(body, {}).toCanonical('gpt-4o', []);
      expect(decode).toThrow(GatewayError);
      try {
        decode();
      } catch (error) {
        expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
      }
    });
  }
});
