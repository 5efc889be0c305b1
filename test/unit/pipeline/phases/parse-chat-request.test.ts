import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { openAiChatDialect } from '../../../../src/data-plane/openai-chat/openai-chat-dialect.js';
import type { Authenticated, BodyRead } from '../../../../src/pipeline/context/phases.js';
import { createParseChatRequest } from '../../../../src/pipeline/phases/parse-chat-request.js';
import { passed, receivedContext } from '../pipeline-fixtures.js';

const decode = createParseChatRequest(openAiChatDialect);

describe('decode (chat)', () => {
  it('records the request, the model it names and whether it streams', () => {
    const context = passed<Authenticated & BodyRead>(
      receivedContext({ body: { model: 'chat', stream: true, messages: [{ role: 'user', content: 'hi' }] } }),
    );
    void decode(context);
    expect(context.routeName).toBe('chat');
    expect(context.stream).toBe(true);
    expect(context.chat?.routeName).toBe('chat');
  });

  it('refuses a body the dialect does not accept, with a 400', () => {
    const context = passed<Authenticated & BodyRead>(receivedContext({ body: { messages: 'no' } }));
    expect(() => decode(context)).toThrow(GatewayError);
    expect(context.routeName).toBeUndefined();
  });

  it('refuses a model name that is not printable ASCII', () => {
    const context = passed<Authenticated & BodyRead>(
      receivedContext({ body: { model: 'a b', messages: [{ role: 'user', content: 'hi' }] } }),
    );
    expect(() => decode(context)).toThrow(/model/);
  });
});
