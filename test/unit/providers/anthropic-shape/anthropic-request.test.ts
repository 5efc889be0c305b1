import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../../../src/core/chat.js';
import { toAnthropicRequest } from '../../../../src/providers/anthropic-shape/to-anthropic-request.js';
import { catchGatewayError } from '../../../support/catch-gateway-error.js';

const hello: ChatMessage = { role: 'user', content: [{ type: 'text', text: 'Hi' }] };

function chat(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'claude-sonnet-4-5', messages: [hello], stream: false, includeUsage: false, ...overrides };
}

describe('toAnthropicRequest', () => {
  it('sends the required max_tokens of 4096 when the client set none', () => {
    const { body, warnings } = toAnthropicRequest(chat());
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    expect(warnings).toEqual([]);
  });

  it('maps sampling settings, stop sequences, user and stream', () => {
    const { body } = toAnthropicRequest(
      chat({ maxTokens: 50, temperature: 0.2, topP: 0.8, stop: ['\n\n'], user: 'u-1', stream: true }),
    );
    expect(body).toMatchObject({
      max_tokens: 50,
      temperature: 0.2,
      top_p: 0.8,
      stop_sequences: ['\n\n'],
      metadata: { user_id: 'u-1' },
      stream: true,
    });
  });

  it('moves system messages to top-level system blocks, keeping cache_control', () => {
    const { body } = toAnthropicRequest(
      chat({
        messages: [
          {
            role: 'system',
            content: [{ type: 'text', text: 'Be brief.', cacheControl: { type: 'ephemeral', ttl: '1h' } }],
          },
          hello,
          { role: 'system', content: [{ type: 'text', text: 'Use English.' }] },
        ],
      }),
    );
    expect(body.system).toEqual([
      { type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral', ttl: '1h' } },
      { type: 'text', text: 'Use English.' },
    ]);
    expect(body.messages).toHaveLength(1);
  });

  it('merges consecutive turns of one role and puts tool results first', () => {
    const { body } = toAnthropicRequest(
      chat({
        messages: [
          hello,
          { role: 'user', content: [{ type: 'text', text: 'Again' }] },
          { role: 'assistant', content: [], toolCalls: [{ id: 't1', name: 'look', arguments: '{"q":1}' }] },
          { role: 'user', content: [{ type: 'text', text: 'Here:' }] },
          { role: 'tool', toolCallId: 't1', content: [{ type: 'text', text: 'found' }] },
        ],
      }),
    );
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Hi' },
          { type: 'text', text: 'Again' },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'look', input: { q: 1 } }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'found' },
          { type: 'text', text: 'Here:' },
        ],
      },
    ]);
  });

  it('skips empty text and turns left empty, which Anthropic rejects', () => {
    const { body } = toAnthropicRequest(
      chat({
        messages: [
          hello,
          { role: 'assistant', content: [{ type: 'text', text: '' }], toolCalls: [] },
          { role: 'user', content: [{ type: 'text', text: 'More' }] },
        ],
      }),
    );
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Hi' },
          { type: 'text', text: 'More' },
        ],
      },
    ]);
  });

  it('places signed and redacted thinking before text and tool use, dropping unsigned reasoning', () => {
    const { body, warnings } = toAnthropicRequest(
      chat({
        messages: [
          hello,
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Answer' },
              { type: 'reasoning', text: 'Hmm', signature: 'sig' },
              { type: 'reasoning', text: '', redactedData: 'opaque' },
              { type: 'reasoning', text: 'unsigned' },
            ],
            toolCalls: [{ id: 't1', name: 'f', arguments: '' }],
          },
        ],
      }),
    );
    expect(body.messages[1]?.content).toEqual([
      { type: 'thinking', thinking: 'Hmm', signature: 'sig' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'Answer' },
      { type: 'tool_use', id: 't1', name: 'f', input: {} },
    ]);
    expect(warnings).toEqual(['reasoning without a signature cannot be sent back to anthropic; dropped']);
  });

  it.each(['{"a":', '[1,2]', '"text"'])('refuses tool arguments %s that are not a JSON object', (args) => {
    const error = catchGatewayError(() =>
      toAnthropicRequest(
        chat({
          messages: [
            hello,
            { role: 'assistant', content: [], toolCalls: [{ id: 't', name: 'f', arguments: args }] },
          ],
        }),
      ),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe('messages');
    expect(error.message).toContain('messages[1].tool_calls[0]');
  });

  it('sends data URLs and inline images as base64 and other URLs by reference', () => {
    const { body } = toAnthropicRequest(
      chat({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', url: 'data:image/jpeg;base64,AAAA' },
              { type: 'image', data: 'BBBB', mediaType: 'image/webp', cacheControl: { type: 'ephemeral' } },
              { type: 'image', url: 'https://example.com/a.png', detail: 'low' },
            ],
          },
        ],
      }),
    );
    expect(body.messages[0]?.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAAA' } },
      {
        type: 'image',
        source: { type: 'base64', media_type: 'image/webp', data: 'BBBB' },
        cache_control: { type: 'ephemeral' },
      },
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
    ]);
  });

  it('refuses a data URL that is not base64', () => {
    const error = catchGatewayError(() =>
      toAnthropicRequest(
        chat({ messages: [{ role: 'user', content: [{ type: 'image', url: 'data:,hello' }] }] }),
      ),
    );
    expect(error.code).toBe('invalid_request');
  });

  it('maps tools with a default input schema', () => {
    const { body } = toAnthropicRequest(
      chat({
        tools: [
          {
            name: 'a',
            description: 'first',
            parameters: { type: 'object', properties: { x: { type: 'string' } } },
          },
          { name: 'b' },
        ],
      }),
    );
    expect(body.tools).toEqual([
      {
        name: 'a',
        description: 'first',
        input_schema: { type: 'object', properties: { x: { type: 'string' } } },
      },
      { name: 'b', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(body).not.toHaveProperty('tool_choice');
  });

  it.each([
    ['auto', undefined, { type: 'auto' }],
    ['required', undefined, { type: 'any' }],
    ['none', undefined, { type: 'none' }],
    [{ name: 'a' }, undefined, { type: 'tool', name: 'a' }],
    ['required', false, { type: 'any', disable_parallel_tool_use: true }],
    [undefined, false, { type: 'auto', disable_parallel_tool_use: true }],
  ] as const)('maps tool_choice %j with parallel_tool_calls %s', (toolChoice, parallel, expected) => {
    const { body } = toAnthropicRequest(
      chat({
        tools: [{ name: 'a' }],
        ...(toolChoice === undefined ? {} : { toolChoice }),
        ...(parallel === undefined ? {} : { parallelToolCalls: parallel }),
      }),
    );
    expect(body.tool_choice).toEqual(expected);
  });

  it('sends no tool_choice without tools', () => {
    expect(toAnthropicRequest(chat({ toolChoice: 'required' })).body).not.toHaveProperty('tool_choice');
  });

  it('forces a json_response tool for a json_schema response format', () => {
    const schema = { type: 'object', properties: { n: { type: 'number' } } };
    const { body, warnings } = toAnthropicRequest(
      chat({
        responseFormat: { type: 'json_schema', name: 'count', schema },
        toolChoice: 'auto',
        tools: [{ name: 'a' }],
      }),
    );
    expect(body.tools?.[1]).toMatchObject({ name: 'json_response', input_schema: schema });
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'json_response' });
    expect(warnings).toEqual([
      'tool_choice cannot be combined with a json_schema response_format on anthropic; ignored',
    ]);
  });

  it('asks for a JSON object in a final system block for json_object', () => {
    const { body } = toAnthropicRequest(
      chat({
        responseFormat: { type: 'json_object' },
        messages: [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, hello],
      }),
    );
    expect(body.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Respond with a single JSON object only.' },
    ]);
  });

  it.each([
    ['minimal', 1024],
    ['low', 2048],
    ['medium', 8192],
    ['high', 24576],
  ])('turns reasoning_effort %s into a %i-token thinking budget', (effort, budget) => {
    const { body } = toAnthropicRequest(chat({ reasoningEffort: effort, maxTokens: 64000 }));
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: budget });
    expect(body.max_tokens).toBe(64000);
  });

  it('raises max_tokens above the budget and drops temperature, with warnings', () => {
    const { body, warnings } = toAnthropicRequest(
      chat({ reasoningEffort: 'high', maxTokens: 1000, temperature: 0.3 }),
    );
    expect(body.max_tokens).toBe(24576 + 4096);
    expect(body).not.toHaveProperty('temperature');
    expect(warnings).toEqual([
      'max_tokens raised to 28672 as anthropic requires it above the thinking budget',
      'temperature cannot be combined with thinking on anthropic; ignored',
    ]);
  });

  it('raises the default max_tokens silently, as the client set no cap', () => {
    const { body, warnings } = toAnthropicRequest(chat({ reasoningEffort: 'medium' }));
    expect(body.max_tokens).toBe(8192 + 4096);
    expect(warnings).toEqual([]);
  });

  it('passes a client thinking object unchanged and ignores other extra fields', () => {
    const thinking = { type: 'enabled', budget_tokens: 2000 };
    const { body } = toAnthropicRequest(
      chat({ reasoningEffort: 'high', extra: { thinking, top_k: 5 }, maxTokens: 8000 }),
    );
    expect(body.thinking).toEqual(thinking);
    expect(body.max_tokens).toBe(8000);
    expect(body).not.toHaveProperty('top_k');
  });

  it('keeps temperature when the client disabled thinking itself', () => {
    const { body } = toAnthropicRequest(
      chat({ extra: { thinking: { type: 'disabled' } }, temperature: 0.4 }),
    );
    expect(body).toMatchObject({ thinking: { type: 'disabled' }, temperature: 0.4 });
  });

  it('warns about a reasoning_effort it has no budget for', () => {
    const { body, warnings } = toAnthropicRequest(chat({ reasoningEffort: 'extreme' }));
    expect(body).not.toHaveProperty('thinking');
    expect(warnings).toEqual(["reasoning_effort 'extreme' is not supported by anthropic; ignored"]);
  });

  it('drops settings Anthropic lacks with one warning each', () => {
    const { body, warnings } = toAnthropicRequest(
      chat({ seed: 7, presencePenalty: 0.5, frequencyPenalty: 0.1, logprobs: true, topLogprobs: 3, n: 1 }),
    );
    expect(Object.keys(body).sort()).toEqual(['max_tokens', 'messages', 'model']);
    expect(warnings).toEqual([
      'seed is not supported by anthropic; ignored',
      'presence_penalty is not supported by anthropic; ignored',
      'frequency_penalty is not supported by anthropic; ignored',
      'logprobs is not supported by anthropic; ignored',
    ]);
  });

  it('does not warn about zero penalties or logprobs: false, which change nothing', () => {
    const { warnings } = toAnthropicRequest(
      chat({ presencePenalty: 0, frequencyPenalty: 0, logprobs: false }),
    );
    expect(warnings).toEqual([]);
  });

  it('refuses n > 1', () => {
    const error = catchGatewayError(() => toAnthropicRequest(chat({ n: 2 })));
    expect(error.code).toBe('unsupported_parameter');
    expect(error.param).toBe('n');
    expect(error.message).toBe('n > 1 is not supported by Anthropic');
  });
});
