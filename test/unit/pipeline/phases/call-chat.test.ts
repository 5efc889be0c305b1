import { describe, expect, it } from 'vitest';
import { openAiChatDialect } from '../../../../src/data-plane/openai-chat/openai-chat-dialect.js';
import { createCallChat } from '../../../../src/pipeline/phases/call-chat.js';
import {
  admittedChatCall as admittedCall,
  chatCompletion,
  pricing,
  ScriptedClient,
} from '../pipeline-fixtures.js';

describe('call upstream (chat)', () => {
  it('reads a whole answer inside the attempt loop and leaves writing it to respond', async () => {
    const client = new ScriptedClient([{ chunks: [chatCompletion('hello')] }]);
    const context = admittedCall(false);
    await createCallChat(openAiChatDialect, client, pricing)(context);
    expect(client.requests).toHaveLength(1);
    expect(context.attempts).toMatchObject([{ provider: 'up', model: 'gpt-4o-mini', status: 200 }]);
    expect(context.answered?.result?.usage).toMatchObject({ inputTokens: 3, outputTokens: 2 });
    expect(context.reply.headersSent).toBe(false);
  });

  it('hands a stream over unread', async () => {
    const client = new ScriptedClient([
      { headers: { 'content-type': 'text/event-stream' }, chunks: ['data: [DONE]\n\n'] },
    ]);
    const context = admittedCall(true);
    await createCallChat(openAiChatDialect, client, pricing)(context);
    expect(context.answered?.result).toBeUndefined();
    expect(context.answered?.call.target.model).toBe('gpt-4o-mini');
    expect(context.reply.headersSent).toBe(false);
  });

  it('fails with the upstream error when the only target refuses', async () => {
    const refusal = JSON.stringify({ error: { message: 'bad', type: 'invalid_request_error' } });
    const client = new ScriptedClient([{ status: 400, chunks: [refusal] }]);
    await expect(
      createCallChat(openAiChatDialect, client, pricing)(admittedCall(false)),
    ).rejects.toMatchObject({
      status: 400,
    });
  });
});
