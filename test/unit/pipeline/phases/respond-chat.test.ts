import { describe, expect, it } from 'vitest';
import { openAiChatDialect } from '../../../../src/data-plane/openai-chat/openai-chat-dialect.js';
import type { ChatCalled, ChatDecoded } from '../../../../src/pipeline/context/phases.js';
import { createCallChat } from '../../../../src/pipeline/phases/call-chat.js';
import { createRespondChat } from '../../../../src/pipeline/phases/respond-chat.js';
import {
  admittedChatCall,
  chatCompletion,
  passed,
  pricing,
  ScriptedClient,
  type ScriptedAnswer,
} from '../pipeline-fixtures.js';

/** A context that went through call upstream with `answer`, ready for respond. */
async function calledWith(stream: boolean, answer: ScriptedAnswer) {
  const context = admittedChatCall(stream);
  await createCallChat(openAiChatDialect, new ScriptedClient([answer]), pricing)(context);
  return passed<ChatDecoded & ChatCalled>(context);
}

const respond = createRespondChat(openAiChatDialect, pricing);

describe('respond (chat)', () => {
  it('writes a whole answer synchronously, with its length, target and priced usage', async () => {
    const context = await calledWith(false, { chunks: [chatCompletion('hello')] });
    expect(respond(context)).toBeUndefined();
    const reply = context.reply;
    expect(reply.status).toBe(200);
    expect(reply.headers).toMatchObject({
      'content-type': 'application/json',
      'x-portico-route': 'chat',
      'x-portico-provider': 'up',
      'x-portico-attempts': '1',
      'x-request-id': 'req-1',
    });
    expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(reply.body)));
    expect(JSON.parse(reply.body)).toMatchObject({ choices: [{ message: { content: 'hello' } }] });
    expect(context.status).toBe(200);
    expect(context.firstByteAt).toBeDefined();
    expect(context.usage).toMatchObject({ inputTokens: 3, outputTokens: 2 });
    expect(context.costUsd).toBeGreaterThan(0);
  });

  it('relays a stream as its events arrive and ends it', async () => {
    const chunk = (content: string, finish: string | null) =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
    const context = await calledWith(true, {
      headers: { 'content-type': 'text/event-stream' },
      chunks: [chunk('he', null), chunk('llo', 'stop'), 'data: [DONE]\n\n'],
    });
    await respond(context);
    const reply = context.reply;
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(reply.writableEnded).toBe(true);
    expect(reply.body).toContain('"content":"he"');
    expect(reply.body).toContain('"content":"llo"');
    expect(reply.body.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});
