import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../../../src/core/chat.js';
import { emptyToolResultText } from '../../../../src/providers/bedrock/to-converse-messages.js';
import { jsonObjectInstruction } from '../../../../src/providers/anthropic-shape/json-response-tool.js';
import { toConverseRequest } from '../../../../src/providers/bedrock/to-converse-request.js';
import { isAnthropicModel } from '../../../../src/providers/bedrock/to-converse-thinking.js';
import { catchGatewayError } from '../../../support/catch-gateway-error.js';

const claude = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const user = (text: string): ChatMessage => ({ role: 'user', content: [{ type: 'text', text }] });

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { model: claude, messages: [user('Hi')], stream: false, includeUsage: false, ...overrides };
}

const weather = {
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};

describe('toConverseRequest', () => {
  it('sends only messages for a bare request, and no warnings', () => {
    expect(toConverseRequest(request())).toEqual({
      body: { messages: [{ role: 'user', content: [{ text: 'Hi' }] }] },
      warnings: [],
    });
  });

  it('maps sampling settings into inferenceConfig', () => {
    const { body } = toConverseRequest(
      request({ maxTokens: 300, temperature: 0.3, topP: 0.8, stop: ['END'] }),
    );
    expect(body.inferenceConfig).toEqual({
      maxTokens: 300,
      temperature: 0.3,
      topP: 0.8,
      stopSequences: ['END'],
    });
  });

  it('moves system messages to system, merges same-role turns and drops blank text', () => {
    const { body } = toConverseRequest(
      request({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          user('One'),
          user('  '),
          user('Two'),
          { role: 'assistant', content: [{ type: 'text', text: '' }], toolCalls: [] },
          { role: 'assistant', content: [{ type: 'text', text: 'Ok' }], toolCalls: [] },
        ],
      }),
    );
    expect(body.system).toEqual([{ text: 'Be brief.' }]);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ text: 'One' }, { text: 'Two' }] },
      { role: 'assistant', content: [{ text: 'Ok' }] },
    ]);
  });

  it('sends tool calls as toolUse and tool messages as toolResult blocks opening a user turn', () => {
    const { body } = toConverseRequest(
      request({
        tools: [weather],
        messages: [
          user('Weather?'),
          {
            role: 'assistant',
            content: [],
            toolCalls: [
              { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
              { id: 'call_2', name: 'get_weather', arguments: '' },
            ],
          },
          { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: 'Sunny' }] },
          user('And?'),
          { role: 'tool', toolCallId: 'call_2', content: [] },
        ],
      }),
    );
    expect(body.messages).toEqual([
      { role: 'user', content: [{ text: 'Weather?' }] },
      {
        role: 'assistant',
        content: [
          { toolUse: { toolUseId: 'call_1', name: 'get_weather', input: { city: 'Paris' } } },
          { toolUse: { toolUseId: 'call_2', name: 'get_weather', input: {} } },
        ],
      },
      {
        role: 'user',
        content: [
          { toolResult: { toolUseId: 'call_1', content: [{ text: 'Sunny' }] } },
          { toolResult: { toolUseId: 'call_2', content: [{ text: emptyToolResultText }] } },
          { text: 'And?' },
        ],
      },
    ]);
  });

  it('refuses tool arguments that are not a JSON object', () => {
    const error = catchGatewayError(() =>
      toConverseRequest(
        request({
          messages: [
            user('x'),
            { role: 'assistant', content: [], toolCalls: [{ id: 'c', name: 'f', arguments: '[1]' }] },
          ],
        }),
      ),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('messages[1].tool_calls[0]');
  });

  it('sends inline images as bytes with their format and refuses URLs and other formats', () => {
    const image = (url: string): ChatRequest =>
      request({ messages: [{ role: 'user', content: [{ type: 'image', url }] }] });
    expect(toConverseRequest(image('data:image/jpeg;base64,AAAA')).body.messages[0]?.content).toEqual([
      { image: { format: 'jpeg', source: { bytes: 'AAAA' } } },
    ]);
    const remote = catchGatewayError(() => toConverseRequest(image('https://example.com/cat.png')));
    expect(remote.code).toBe('invalid_request');
    expect(remote.message).toContain('does not fetch image URLs');
    expect(catchGatewayError(() => toConverseRequest(image('data:image/bmp;base64,AAAA'))).message).toContain(
      'image/bmp',
    );
  });

  it('sends signed reasoning back first and drops unsigned reasoning with a warning', () => {
    const { body, warnings } = toConverseRequest(
      request({
        messages: [
          user('Q'),
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'A' },
              { type: 'reasoning', text: 'thought', signature: 'sig' },
              { type: 'reasoning', text: '', redactedData: 'b64' },
              { type: 'reasoning', text: 'unsigned' },
            ],
            toolCalls: [],
          },
        ],
      }),
    );
    expect(body.messages[1]?.content).toEqual([
      { reasoningContent: { reasoningText: { text: 'thought', signature: 'sig' } } },
      { reasoningContent: { redactedContent: 'b64' } },
      { text: 'A' },
    ]);
    expect(warnings).toEqual(['reasoning without a signature cannot be sent back to bedrock; dropped']);
  });

  it('maps tools and every tool choice', () => {
    const choice = (toolChoice: ChatRequest['toolChoice']): unknown =>
      toConverseRequest(
        request({ tools: [weather, { name: 'noop' }], ...(toolChoice === undefined ? {} : { toolChoice }) }),
      ).body.toolConfig;
    const tools = [
      { toolSpec: { name: 'get_weather', inputSchema: { json: weather.parameters } } },
      { toolSpec: { name: 'noop', inputSchema: { json: { type: 'object', properties: {} } } } },
    ];
    expect(choice(undefined)).toEqual({ tools });
    expect(choice('auto')).toEqual({ tools, toolChoice: { auto: {} } });
    expect(choice('required')).toEqual({ tools, toolChoice: { any: {} } });
    expect(choice({ name: 'noop' })).toEqual({ tools, toolChoice: { tool: { name: 'noop' } } });
  });

  it('leaves tools out for tool_choice none, unless the conversation already holds tool blocks', () => {
    const none = toConverseRequest(request({ tools: [weather], toolChoice: 'none' }));
    expect(none.body).not.toHaveProperty('toolConfig');
    expect(none.warnings).toEqual([
      'tool_choice none is not supported by bedrock; tools were left out instead',
    ]);
    const withHistory = toConverseRequest(
      request({
        tools: [weather],
        toolChoice: 'none',
        messages: [
          user('x'),
          { role: 'assistant', content: [], toolCalls: [{ id: 'c', name: 'get_weather', arguments: '{}' }] },
          { role: 'tool', toolCallId: 'c', content: [{ type: 'text', text: 'r' }] },
        ],
      }),
    );
    expect(withHistory.body.toolConfig).toEqual({ tools: [expect.any(Object)] });
    expect(withHistory.warnings).toEqual(['tool_choice none is not supported by bedrock; sent as auto']);
  });

  it('emulates json_object with a system instruction and json_schema with a forced tool, warning for both', () => {
    const object = toConverseRequest(request({ responseFormat: { type: 'json_object' } }));
    expect(object.body.system).toEqual([{ text: jsonObjectInstruction }]);
    expect(object.warnings).toEqual([
      'response_format json_object is emulated on bedrock with a system instruction',
    ]);
    const schema = { type: 'object', properties: { a: { type: 'integer' } } };
    const forced = toConverseRequest(
      request({ responseFormat: { type: 'json_schema', name: 'answer', schema }, toolChoice: 'auto' }),
    );
    expect(forced.body.toolConfig).toEqual({
      tools: [
        {
          toolSpec: {
            name: 'json_response',
            description: 'Respond with a JSON object (answer).',
            inputSchema: { json: schema },
          },
        },
      ],
      toolChoice: { tool: { name: 'json_response' } },
    });
    expect(forced.warnings).toEqual([
      'response_format json_schema is emulated on bedrock with a forced json_response tool',
      'tool_choice cannot be combined with a json_schema response_format on bedrock; ignored',
    ]);
  });

  it('turns reasoning_effort into Claude thinking, raising maxTokens and dropping temperature', () => {
    const { body, warnings } = toConverseRequest(
      request({ reasoningEffort: 'medium', maxTokens: 1000, temperature: 0.5, topP: 0.95 }),
    );
    expect(body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 8192 } });
    expect(body.inferenceConfig).toEqual({ maxTokens: 8192 + 4096, topP: 0.95 });
    expect(warnings).toEqual([
      'max_tokens raised to 12288 as bedrock requires it above the thinking budget',
      'temperature cannot be combined with thinking on bedrock; ignored',
    ]);
  });

  it('passes a client thinking object to Claude as is', () => {
    const thinking = { type: 'enabled', budget_tokens: 3000 };
    const { body } = toConverseRequest(request({ extra: { thinking }, maxTokens: 8000 }));
    expect(body.additionalModelRequestFields).toEqual({ thinking });
    expect(body.inferenceConfig).toEqual({ maxTokens: 8000 });
  });

  it('ignores reasoning_effort with a warning for models that are not Claude, or unknown efforts', () => {
    const llama = toConverseRequest(
      request({ model: 'meta.llama3-1-70b-instruct-v1:0', reasoningEffort: 'high' }),
    );
    expect(llama.body).not.toHaveProperty('additionalModelRequestFields');
    expect(llama.warnings).toEqual([
      'reasoning_effort is supported by bedrock for anthropic models only; ignored',
    ]);
    const odd = toConverseRequest(request({ reasoningEffort: 'extreme' }));
    expect(odd.body).not.toHaveProperty('additionalModelRequestFields');
    expect(odd.warnings).toEqual(["reasoning_effort 'extreme' is not supported by bedrock; ignored"]);
  });

  it('recognises Claude model ids, inference profiles and ARNs', () => {
    expect(isAnthropicModel('anthropic.claude-3-haiku-20240307-v1:0')).toBe(true);
    expect(isAnthropicModel('us.anthropic.claude-sonnet-4-20250514-v1:0')).toBe(true);
    expect(
      isAnthropicModel(
        'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0',
      ),
    ).toBe(true);
    expect(isAnthropicModel('amazon.nova-pro-v1:0')).toBe(false);
    expect(isAnthropicModel('mistral.anthropicish-v1')).toBe(false);
  });

  it('refuses n > 1 and names dropped settings', () => {
    expect(catchGatewayError(() => toConverseRequest(request({ n: 2 }))).code).toBe('unsupported_parameter');
    const { warnings } = toConverseRequest(
      request({
        seed: 1,
        presencePenalty: 0,
        frequencyPenalty: 0.5,
        logprobs: true,
        user: 'u1',
        parallelToolCalls: false,
        tools: [weather],
      }),
    );
    expect(warnings).toEqual([
      'parallel_tool_calls is not supported by bedrock; ignored',
      'seed is not supported by bedrock; ignored',
      'frequency_penalty is not supported by bedrock; ignored',
      'logprobs is not supported by bedrock; ignored',
      'user is not supported by bedrock; ignored',
    ]);
  });
});
