import { describe, expect, it } from 'vitest';
import type { ChatRequest, ToolDefinition } from '../../../../src/core/chat.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { toCohereRequest } from '../../../../src/providers/cohere/to-cohere-request.js';

const base: ChatRequest = {
  model: 'command-a-03-2025',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  includeUsage: false,
};
const weather: ToolDefinition = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};
const time: ToolDefinition = { name: 'get_time' };

describe('toCohereRequest messages', () => {
  it('maps every role, keeping text-only turns as strings', () => {
    const { body, warnings } = toCohereRequest({
      ...base,
      messages: [
        {
          role: 'system',
          content: [
            { type: 'text', text: 'Be ' },
            { type: 'text', text: 'brief.' },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'I will call the tool.' },
            { type: 'text', text: 'Checking.' },
          ],
          toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
        },
        { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: '{"c":20}' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'dropped' },
            { type: 'text', text: '20C.' },
          ],
          toolCalls: [],
        },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_plan: 'I will call the tool.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"c":20}' },
      { role: 'assistant', content: '20C.' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('sends images as image_url parts, inline ones as data URLs', () => {
    const { body } = toCohereRequest({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image', url: 'https://example.com/a.png' },
            { type: 'image', data: 'AAAA', mediaType: 'image/jpeg' },
          ],
        },
      ],
    });
    expect(body.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Compare' },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAAA' } },
      ],
    });
  });

  it('sends empty tool-call arguments as an empty object and warns about message names', () => {
    const { body, warnings } = toCohereRequest({
      ...base,
      messages: [
        { role: 'user', name: 'ana', content: [{ type: 'text', text: 'Time?' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'c', name: 'get_time', arguments: '' }] },
      ],
    });
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_time', arguments: '{}' } }],
    });
    expect(warnings).toEqual(['name on messages is not supported by cohere; ignored']);
  });
});

describe('toCohereRequest tools', () => {
  it('offers tools as functions and leaves tool_choice out for auto', () => {
    const { body } = toCohereRequest({ ...base, tools: [weather, time], toolChoice: 'auto' });
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: 'Weather for a city', parameters: weather.parameters },
      },
      { type: 'function', function: { name: 'get_time' } },
    ]);
    expect(body).not.toHaveProperty('tool_choice');
  });

  it('maps none and required to NONE and REQUIRED', () => {
    expect(toCohereRequest({ ...base, tools: [weather], toolChoice: 'none' }).body.tool_choice).toBe('NONE');
    expect(toCohereRequest({ ...base, tools: [weather], toolChoice: 'required' }).body.tool_choice).toBe(
      'REQUIRED',
    );
  });

  it('forces a named tool by offering it alone with REQUIRED', () => {
    const { body } = toCohereRequest({ ...base, tools: [weather, time], toolChoice: { name: 'get_time' } });
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'get_time' } }]);
    expect(body.tool_choice).toBe('REQUIRED');
  });

  it('refuses a named tool that is not offered', () => {
    expect(() => toCohereRequest({ ...base, tools: [weather], toolChoice: { name: 'nope' } })).toThrow(
      GatewayError,
    );
  });

  it('warns that parallel tool calls cannot be turned off', () => {
    const { warnings } = toCohereRequest({ ...base, tools: [weather], parallelToolCalls: false });
    expect(warnings).toEqual(['parallel_tool_calls=false is not supported by cohere; ignored']);
  });
});

describe('toCohereRequest settings', () => {
  it('maps sampling and output settings to Cohere names', () => {
    const { body, warnings } = toCohereRequest({
      ...base,
      stream: true,
      maxTokens: 50,
      temperature: 0.2,
      topP: 0.8,
      stop: ['END'],
      seed: 1,
      frequencyPenalty: 0.1,
      presencePenalty: 0.3,
    });
    expect(body).toEqual({
      model: 'command-a-03-2025',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 50,
      temperature: 0.2,
      p: 0.8,
      stop_sequences: ['END'],
      seed: 1,
      frequency_penalty: 0.1,
      presence_penalty: 0.3,
      stream: true,
    });
    expect(warnings).toEqual([]);
  });

  it('asks for JSON, with the schema when one is given', () => {
    expect(
      toCohereRequest({ ...base, responseFormat: { type: 'json_object' } }).body.response_format,
    ).toEqual({
      type: 'json_object',
    });
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(
      toCohereRequest({ ...base, responseFormat: { type: 'json_schema', name: 'x', schema } }).body
        .response_format,
    ).toEqual({ type: 'json_object', json_schema: schema });
    expect(toCohereRequest({ ...base, responseFormat: { type: 'text' } }).body).not.toHaveProperty(
      'response_format',
    );
  });

  it('turns reasoning_effort into thinking, and passes a client thinking object as is', () => {
    expect(toCohereRequest({ ...base, reasoningEffort: 'medium' }).body.thinking).toEqual({
      type: 'enabled',
      token_budget: 8192,
    });
    expect(toCohereRequest({ ...base, reasoningEffort: 'none' }).body.thinking).toEqual({ type: 'disabled' });
    const explicit = { type: 'enabled', token_budget: 500 };
    const plan = toCohereRequest({ ...base, reasoningEffort: 'high', extra: { thinking: explicit } });
    expect(plan.body.thinking).toEqual(explicit);
    expect(plan.warnings).toEqual([]);
    const unknown = toCohereRequest({ ...base, reasoningEffort: 'extreme' });
    expect(unknown.body).not.toHaveProperty('thinking');
    expect(unknown.warnings).toEqual(["reasoning_effort 'extreme' is not supported by cohere; ignored"]);
  });

  it('refuses n > 1 and names every dropped setting once', () => {
    expect(() => toCohereRequest({ ...base, n: 2 })).toThrow('n > 1 is not supported by Cohere');
    const { warnings } = toCohereRequest({
      ...base,
      logprobs: true,
      topLogprobs: 2,
      user: 'u-1',
      extra: { store: true, 'bad name!': 1 },
    });
    expect(warnings).toEqual([
      'logprobs is not supported by cohere; ignored',
      'user is not supported by cohere; ignored',
      'store is not supported by cohere; ignored',
      'an unnamed field is not supported by cohere; ignored',
    ]);
  });
});
