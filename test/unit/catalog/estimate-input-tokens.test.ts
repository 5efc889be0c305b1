import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../../src/core/chat.js';
import { estimateInputTokens } from '../../../src/catalog/estimate-input-tokens.js';

/** The tokenizer's count of a request, which for these small texts must be exact. */
async function tokens(chat: ChatRequest): Promise<number> {
  const counted = await estimateInputTokens(chat);
  expect(counted.exact).toBe(true);
  return counted.tokens;
}

const request = (messages: ChatMessage[], extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'gpt-4o',
  messages,
  stream: false,
  includeUsage: false,
  ...extra,
});
const user = (text: string): ChatMessage => ({ role: 'user', content: [{ type: 'text', text }] });

describe('estimateInputTokens', () => {
  it("counts text plus OpenAI's framing: 3 a message and 3 for the reply", async () => {
    // "Hello, world!" is 4 tokens in o200k_base: 4 + 3 + 3
    expect(await tokens(request([user('Hello, world!')]))).toBe(10);
  });

  it('counts every message, and a name as 1 token plus its text', async () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: [{ type: 'text', text: 'Hello, world!' }] },
      { role: 'user', name: 'Paris', content: [{ type: 'text', text: 'Hello, world!' }] },
    ];
    // (3 + 4) + (3 + 4 + 1 + 1) + 3
    expect(await tokens(request(messages))).toBe(19);
  });

  it('stays within a sane range of the true count for a long known text', async () => {
    // The sentence is 10 tokens; 100 of them are 1,001 tokens.
    const estimate = await tokens(
      request([user('The quick brown fox jumps over the lazy dog. '.repeat(100))]),
    );
    expect(estimate).toBeGreaterThanOrEqual(1001);
    expect(estimate).toBeLessThanOrEqual(1020);
  });

  it('counts a fixed allowance per image: 765, or 85 at low detail', async () => {
    const withImages: ChatMessage = {
      role: 'user',
      content: [
        { type: 'image', url: 'https://example.com/a.png' },
        { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png', detail: 'low' },
      ],
    };
    expect(await tokens(request([withImages]))).toBe(3 + 765 + 85 + 3);
  });

  it('counts tool definitions as their JSON, and tool calls and results as text', async () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } } };
    const withoutTools = request([user('Hello, world!')]);
    const withTools = request([user('Hello, world!')], { tools: [{ name: 'get_weather', parameters }] });
    const definitionTokens = (await tokens(withTools)) - (await tokens(withoutTools));
    expect(definitionTokens).toBeGreaterThan(2);
    expect(definitionTokens).toBeLessThan(30);

    const conversation: ChatMessage[] = [
      {
        role: 'assistant',
        content: [],
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      },
      { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: 'Paris' }] },
    ];
    // (3 + 2 + 5) + (3 + 1) + 3
    expect(await tokens(request(conversation))).toBe(17);
  });

  it('counts a JSON schema response format', async () => {
    const plain = request([user('Hello, world!')]);
    const structured = request([user('Hello, world!')], {
      responseFormat: { type: 'json_schema', name: 'city', schema: { type: 'object' } },
    });
    expect(await tokens(structured)).toBeGreaterThan(await tokens(plain));
  });

  it('treats special-token text from clients as plain text', async () => {
    expect(await tokens(request([user('<|endoftext|><|im_start|>')]))).toBeGreaterThan(6);
  });
});
