import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src/core/chat.js';
import { anthropicMessagesDialect } from '../../../../src/data-plane/anthropic-messages/anthropic-messages-dialect.js';
import { reasoningEffortForBudget } from '../../../../src/data-plane/anthropic-messages/decode-anthropic-request.js';
import { catchGatewayError } from '../../../support/catch-gateway-error.js';

const base = { model: 'claude-route', max_tokens: 256, messages: [{ role: 'user', content: 'Hi' }] };

function decode(fields: Record<string, unknown>): ChatRequest {
  return anthropicMessagesDialect.parseRequest({ ...base, ...fields }, {}).toCanonical('upstream-model', []);
}

describe('anthropic-messages request decoding', () => {
  it('reads route, stream and usage from the body and replaces only the model for passthrough', () => {
    const body = { ...base, stream: true, service_tier: 'auto', messages: [{ role: 'user', content: 'Hi' }] };
    const parsed = anthropicMessagesDialect.parseRequest(body, {});
    expect(parsed).toMatchObject({ routeName: 'claude-route', stream: true, includeUsage: true });
    expect(parsed.passthroughBody('claude-x')).toEqual({ ...body, model: 'claude-x' });
    expect(body.model).toBe('claude-route');
  });

  it('maps system (string or cached blocks) and plain user text', () => {
    expect(decode({ system: 'Be brief.' }).messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
    const cached = decode({
      system: [
        { type: 'text', text: 'Handbook', cache_control: { type: 'ephemeral', ttl: '1h' } },
        { type: 'text', text: 'Rules' },
      ],
    });
    expect(cached.messages[0]).toEqual({
      role: 'system',
      content: [
        { type: 'text', text: 'Handbook', cacheControl: { type: 'ephemeral', ttl: '1h' } },
        { type: 'text', text: 'Rules' },
      ],
    });
  });

  it('maps images given as base64 and as URL', () => {
    const request = decode({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            {
              type: 'image',
              source: { type: 'url', url: 'https://example.com/cat.jpg' },
              cache_control: { type: 'ephemeral' },
            },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
          { type: 'image', url: 'https://example.com/cat.jpg', cacheControl: { type: 'ephemeral' } },
          { type: 'text', text: 'What is this?' },
        ],
      },
    ]);
  });

  it('keeps thinking with its signature, redacted thinking, text and tool use of assistant turns', () => {
    const request = decode({
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Need the tool.', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } },
          ],
        },
      ],
    });
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Need the tool.', signature: 'sig-1' },
        { type: 'reasoning', text: '', redactedData: 'opaque' },
        { type: 'text', text: 'Checking.' },
      ],
      toolCalls: [{ id: 'toolu_1', name: 'weather', arguments: '{"city":"Oslo"}' }],
    });
  });

  it('treats an empty thinking signature as none', () => {
    const request = decode({
      messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'x', signature: '' }] }],
    });
    expect(request.messages[0]).toEqual({
      role: 'assistant',
      content: [{ type: 'reasoning', text: 'x' }],
      toolCalls: [],
    });
  });

  it('turns tool results into tool messages first, marks errors and moves tool images after them', () => {
    const request = decode({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '12°C' },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_2',
              is_error: true,
              content: [
                { type: 'text', text: 'screenshot failed half way' },
                { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
              ],
              cache_control: { type: 'ephemeral' },
            },
            { type: 'text', text: 'Go on.' },
          ],
        },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'tool', toolCallId: 'toolu_1', content: [{ type: 'text', text: '12°C' }] },
      {
        role: 'tool',
        toolCallId: 'toolu_2',
        content: [
          { type: 'text', text: 'Error: ' },
          { type: 'text', text: 'screenshot failed half way', cacheControl: { type: 'ephemeral' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'image', data: '/9j/', mediaType: 'image/jpeg' },
          { type: 'text', text: 'Go on.' },
        ],
      },
    ]);
  });

  it('sends a turn of only tool results as tool messages, without an empty user message', () => {
    const request = decode({
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1' }] }],
    });
    expect(request.messages).toEqual([{ role: 'tool', toolCallId: 'toolu_1', content: [] }]);
  });

  it('maps generation settings, metadata.user_id and keeps Anthropic-only fields in extra', () => {
    const thinking = { type: 'enabled', budget_tokens: 10_000 };
    const request = decode({
      stop_sequences: ['END'],
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      metadata: { user_id: 'user-7' },
      thinking,
      service_tier: 'standard_only',
    });
    expect(request).toMatchObject({
      model: 'upstream-model',
      maxTokens: 256,
      stop: ['END'],
      temperature: 0.3,
      topP: 0.9,
      user: 'user-7',
      reasoningEffort: 'medium',
      stream: false,
      includeUsage: true,
      extra: { top_k: 40, thinking, service_tier: 'standard_only' },
      extraSource: 'anthropic-messages',
    });
    expect(decode({})).not.toHaveProperty('extra');
  });

  it('maps thinking budgets to the effort whose Anthropic budget is closest', () => {
    expect([1024, 2048, 4095, 4096, 8192, 16383, 16384, 24576, 64000].map(reasoningEffortForBudget)).toEqual([
      'low',
      'low',
      'low',
      'medium',
      'medium',
      'medium',
      'high',
      'high',
      'high',
    ]);
    expect(decode({ thinking: { type: 'disabled' } })).not.toHaveProperty('reasoningEffort');
  });

  it('maps client tools and each tool_choice, with disable_parallel_tool_use', () => {
    const tools = [
      {
        name: 'weather',
        description: 'Weather now',
        input_schema: { type: 'object', properties: { city: { type: 'string' } } },
      },
      { name: 'time', type: 'custom', input_schema: { type: 'object' } },
    ];
    expect(decode({ tools }).tools).toEqual([
      {
        name: 'weather',
        description: 'Weather now',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
      { name: 'time', parameters: { type: 'object' } },
    ]);
    expect(decode({ tools, tool_choice: { type: 'auto' } })).toMatchObject({ toolChoice: 'auto' });
    expect(decode({ tools, tool_choice: { type: 'any', disable_parallel_tool_use: true } })).toMatchObject({
      toolChoice: 'required',
      parallelToolCalls: false,
    });
    expect(decode({ tools, tool_choice: { type: 'tool', name: 'time' } })).toMatchObject({
      toolChoice: { name: 'time' },
    });
    expect(decode({ tools, tool_choice: { type: 'none' } })).toMatchObject({ toolChoice: 'none' });
    expect(decode({ tools, tool_choice: { type: 'auto' } })).not.toHaveProperty('parallelToolCalls');
  });

  it('keeps server tools for passthrough and drops them with a warning when translating', () => {
    const withSearch = {
      ...base,
      tools: [
        { name: 'weather', input_schema: { type: 'object' } },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
        { type: 'web_fetch_20250910', name: 'web_fetch' },
      ],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    };
    const parsed = anthropicMessagesDialect.parseRequest(withSearch, {});
    expect(parsed.passthroughBody('m')).toMatchObject({ tools: withSearch.tools });
    const warnings: string[] = [];
    expect(parsed.toCanonical('m', warnings)).toMatchObject({
      tools: [{ name: 'weather', parameters: { type: 'object' } }],
      toolChoice: 'auto',
      parallelToolCalls: false,
    });
    expect(warnings).toEqual([
      'server tools web_search_20250305, web_fetch_20250910 run only on anthropic; dropped',
    ]);
  });

  it('leaves out tool_choice when only server tools were sent, and refuses to force one', () => {
    const onlySearch = { tools: [{ type: 'web_search_20250305', name: 'web_search' }] };
    const warnings: string[] = [];
    const request = anthropicMessagesDialect
      .parseRequest({ ...base, ...onlySearch, tool_choice: { type: 'auto' } }, {})
      .toCanonical('m', warnings);
    expect(request).not.toHaveProperty('tools');
    expect(request).not.toHaveProperty('toolChoice');
    expect(warnings).toEqual(['server tool web_search_20250305 runs only on anthropic; dropped']);
    expect(catchGatewayError(() => decode({ ...onlySearch, tool_choice: { type: 'any' } }))).toMatchObject({
      code: 'unsupported_parameter',
      param: 'tool_choice.type',
    });
    const forced = catchGatewayError(() =>
      decode({
        tools: [{ name: 'weather', input_schema: {} }, ...onlySearch.tools],
        tool_choice: { type: 'tool', name: 'web_search' },
      }),
    );
    expect(forced).toMatchObject({ code: 'unsupported_parameter', param: 'tool_choice.name' });
    expect(forced.message).toContain("server tool 'web_search' (web_search_20250305)");
  });

  it('refuses Anthropic-defined client tools and unknown blocks when translating', () => {
    const withBash = anthropicMessagesDialect.parseRequest(
      { ...base, tools: [{ type: 'bash_20250124', name: 'bash' }] },
      {},
    );
    const error = catchGatewayError(() => withBash.toCanonical('m', []));
    expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'tools[0]' });
    expect(error.message).toContain('bash_20250124');

    const withDocument = anthropicMessagesDialect.parseRequest(
      {
        ...base,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Summarise' },
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' } },
            ],
          },
        ],
      },
      {},
    );
    expect(catchGatewayError(() => withDocument.toCanonical('m', []))).toMatchObject({
      code: 'unsupported_parameter',
      param: 'messages[0].content[1]',
    });
    const fileImage = {
      ...base,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }] }],
    };
    expect(catchGatewayError(() => decode(fileImage))).toMatchObject({
      param: 'messages[0].content[0].source',
    });
  });
});

describe('anthropic-messages request validation', () => {
  const cases: { name: string; body: Record<string, unknown>; param: string }[] = [
    { name: 'max_tokens missing', body: { model: 'm', messages: base.messages }, param: '' },
    { name: 'model of the wrong type', body: { ...base, model: 4 }, param: 'model' },
    { name: 'messages empty', body: { ...base, messages: [] }, param: 'messages' },
    {
      name: 'unknown role',
      body: { ...base, messages: [{ role: 'tool', content: 'x' }] },
      param: 'messages[0].role',
    },
    {
      name: 'text block without text',
      body: { ...base, messages: [{ role: 'user', content: [{ type: 'text' }] }] },
      param: 'messages[0].content[0]',
    },
    {
      name: 'tool_use input that is not an object',
      body: {
        ...base,
        messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'n', input: 'x' }] }],
      },
      param: 'messages[0].content[0].input',
    },
    {
      name: 'malformed block inside a tool result',
      body: {
        ...base,
        messages: [
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 5 }] }],
          },
        ],
      },
      param: 'messages[0].content[0].content[0].text',
    },
    {
      name: 'duplicate tool names',
      body: {
        ...base,
        tools: [
          { name: 'a', input_schema: {} },
          { name: 'a', input_schema: {} },
        ],
      },
      param: 'tools[1].name',
    },
    {
      name: 'client tool without input_schema',
      body: { ...base, tools: [{ name: 'a' }] },
      param: 'tools[0].input_schema',
    },
    {
      name: 'enabled thinking without budget',
      body: { ...base, thinking: { type: 'enabled' } },
      param: 'thinking.budget_tokens',
    },
    {
      name: 'tool_choice tool without name',
      body: { ...base, tool_choice: { type: 'tool' } },
      param: 'tool_choice.name',
    },
    {
      name: 'unknown tool_choice type',
      body: { ...base, tool_choice: { type: 'some' } },
      param: 'tool_choice.type',
    },
  ];

  for (const testCase of cases) {
    it(`refuses ${testCase.name} with a 400 naming the param`, () => {
      const error = catchGatewayError(() => anthropicMessagesDialect.parseRequest(testCase.body, {}));
      expect(error.status).toBe(400);
      expect(error.code).toBe('invalid_request');
      if (testCase.param === '') expect(error.message).toContain('max_tokens');
      else expect(error.param).toBe(testCase.param);
    });
  }
});
