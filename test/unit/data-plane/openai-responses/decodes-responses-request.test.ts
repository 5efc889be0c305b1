import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src/core/chat.js';
import { openAiResponsesDialect } from '../../../../src/data-plane/openai-responses/openai-responses-dialect.js';

function canonical(body: Record<string, unknown>): ChatRequest {
  return openAiResponsesDialect
    .parseRequest({ model: 'route', ...body }, {})
    .toCanonical('upstream-model', []);
}

describe('decoding a Responses request to the canonical model', () => {
  it('reads a string input with instructions as a system and a user message', () => {
    const request = canonical({ input: 'Hi', instructions: 'Be brief.' });
    expect(request).toEqual({
      model: 'upstream-model',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      ],
      stream: false,
      includeUsage: true,
    });
  });

  it('reports the route name and stream flag to the pipeline', () => {
    const parsed = openAiResponsesDialect.parseRequest({ model: 'route', input: 'x', stream: true }, {});
    expect(parsed).toMatchObject({ routeName: 'route', stream: true, includeUsage: true });
  });

  it('maps messages of every role and content part, including easy messages without type', () => {
    const request = canonical({
      input: [
        { role: 'developer', content: 'Rules.' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Look:', prompt_cache_breakpoint: { mode: 'explicit' } },
            { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'high' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'original' },
          ],
        },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'A cat.' }] },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'Rules.' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look:', cacheControl: { type: 'ephemeral' } },
          { type: 'image', url: 'https://example.com/cat.png', detail: 'high' },
          { type: 'image', url: 'data:image/png;base64,AAAA' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'A cat.' }], toolCalls: [] },
    ]);
  });

  it('groups consecutive function calls (and the reasoning before them) into one assistant turn', () => {
    const request = canonical({
      input: [
        { role: 'user', content: 'Weather and time in Oslo?' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Two tools.' }] },
        { type: 'function_call', call_id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call', call_id: 'call_b', name: 'time', arguments: '{"tz":"CET"}' },
        { type: 'function_call_output', call_id: 'call_a', output: 'Sunny' },
        { type: 'function_call_output', call_id: 'call_b', output: [{ type: 'input_text', text: '12:00' }] },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather and time in Oslo?' }] },
      {
        role: 'assistant',
        content: [{ type: 'reasoning', text: 'Two tools.' }],
        toolCalls: [
          { id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' },
          { id: 'call_b', name: 'time', arguments: '{"tz":"CET"}' },
        ],
      },
      { role: 'tool', toolCallId: 'call_a', content: [{ type: 'text', text: 'Sunny' }] },
      { role: 'tool', toolCallId: 'call_b', content: [{ type: 'text', text: '12:00' }] },
    ]);
  });

  it('restores thinking signatures and redacted thinking that Portico sealed in encrypted_content', () => {
    const request = canonical({
      input: [
        { role: 'user', content: 'Is 1001 prime?' },
        {
          type: 'reasoning',
          summary: [{ type: 'summary_text', text: '1001 = 7 × 143' }],
          encrypted_content: 'portico:thinking:SIG==',
        },
        { type: 'reasoning', summary: [], encrypted_content: 'portico:redacted:OPAQUE' },
        // OpenAI's own encrypted reasoning means nothing to another provider: only its text is kept.
        {
          type: 'reasoning',
          summary: [{ type: 'summary_text', text: 'foreign' }],
          encrypted_content: 'gAAAA',
        },
        // Nothing to carry: skipped.
        { type: 'reasoning', summary: [], encrypted_content: null },
        { role: 'assistant', content: 'No.' },
      ],
    });
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: '1001 = 7 × 143', signature: 'SIG==' },
        { type: 'reasoning', text: '', redactedData: 'OPAQUE' },
        { type: 'reasoning', text: 'foreign' },
        { type: 'text', text: 'No.' },
      ],
      toolCalls: [],
    });
    expect(request.messages).toHaveLength(2);
  });

  it('maps tools, tool_choice, text.format, reasoning effort and sampling settings', () => {
    const request = canonical({
      input: 'x',
      tools: [
        {
          type: 'function',
          name: 'weather',
          description: 'Weather by city',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
          strict: true,
        },
        { type: 'function', name: 'time', parameters: null, strict: null },
      ],
      tool_choice: { type: 'function', name: 'weather' },
      parallel_tool_calls: false,
      text: {
        format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
        verbosity: 'low',
      },
      reasoning: { effort: 'high', summary: 'auto' },
      max_output_tokens: 500,
      temperature: 0.2,
      top_p: 0.9,
      safety_identifier: 'user-42',
      store: false,
      include: ['reasoning.encrypted_content'],
      metadata: { team: 'x' },
      prompt_cache_key: 'k',
      truncation: 'auto',
      service_tier: 'auto',
    });
    expect(request).toEqual({
      model: 'upstream-model',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      stream: false,
      includeUsage: true,
      tools: [
        {
          name: 'weather',
          description: 'Weather by city',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
          strict: true,
        },
        { name: 'time' },
      ],
      toolChoice: { name: 'weather' },
      parallelToolCalls: false,
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
      reasoningEffort: 'high',
      maxTokens: 500,
      temperature: 0.2,
      topP: 0.9,
      user: 'user-42',
    });
  });

  it('keeps string tool choices and the json_object format', () => {
    expect(
      canonical({ input: 'x', tool_choice: 'required', text: { format: { type: 'json_object' } } }),
    ).toMatchObject({
      toolChoice: 'required',
      responseFormat: { type: 'json_object' },
    });
  });

  it('gives each target its own model without sharing the request object', () => {
    const parsed = openAiResponsesDialect.parseRequest({ model: 'route', input: 'x' }, {});
    const first = parsed.toCanonical('a', []);
    const second = parsed.toCanonical('b', []);
    expect([first.model, second.model]).toEqual(['a', 'b']);
    expect(parsed.passthroughBody('c')).toEqual({ model: 'c', input: 'x' });
  });
});
