import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { fromCohereResponse } from '../../../../src/providers/cohere/from-cohere-response.js';
import { catchGatewayError } from '../../../support/catch-gateway-error.js';

const usage = {
  billed_units: { input_tokens: 9, output_tokens: 3 },
  tokens: { input_tokens: 502, output_tokens: 3 },
};

describe('fromCohereResponse', () => {
  it('maps text blocks, the requested model and billed usage', () => {
    const response = fromCohereResponse(
      {
        id: 'c-1',
        finish_reason: 'COMPLETE',
        message: {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Hel' },
            { type: 'text', text: 'lo' },
          ],
        },
        usage,
      },
      'command-a-03-2025',
      'co',
    );
    expect(response).toMatchObject({
      id: 'c-1',
      model: 'command-a-03-2025',
      choices: [{ index: 0, text: 'Hello', reasoning: [], toolCalls: [], finishReason: 'stop' }],
      usage: { inputTokens: 9, outputTokens: 3, totalTokens: 12 },
    });
  });

  it('uses token counts when billed units are missing', () => {
    const response = fromCohereResponse(
      { finish_reason: 'COMPLETE', message: { content: [] }, usage: { tokens: usage.tokens } },
      'm',
      'co',
    );
    expect(response.usage).toEqual({ inputTokens: 502, outputTokens: 3, totalTokens: 505 });
    expect(response.choices[0]?.text).toBeNull();
    expect(response.id).toMatch(/^chatcmpl-/);
  });

  it('reads the tool plan and thinking as reasoning, and tool calls with their JSON arguments', () => {
    const response = fromCohereResponse(
      {
        id: 'c-2',
        finish_reason: 'TOOL_CALL',
        message: {
          role: 'assistant',
          content: [{ type: 'thinking', thinking: ' Then call it.' }],
          tool_plan: 'I need the weather.',
          tool_calls: [
            {
              id: 'get_weather_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
            },
            { id: 'get_time_2', type: 'function', function: { name: 'get_time' } },
          ],
        },
      },
      'm',
      'co',
    );
    expect(response.choices[0]).toMatchObject({
      text: null,
      reasoning: [{ type: 'reasoning', text: 'I need the weather. Then call it.' }],
      toolCalls: [
        { id: 'get_weather_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { id: 'get_time_2', name: 'get_time', arguments: '{}' },
      ],
      finishReason: 'tool_calls',
    });
  });

  it.each([
    ['STOP_SEQUENCE', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['SOMETHING_NEW', 'stop'],
  ])('maps finish_reason %s to %s', (reason, expected) => {
    const response = fromCohereResponse({ finish_reason: reason, message: { content: [] } }, 'm', 'co');
    expect(response.choices[0]?.finishReason).toBe(expected);
  });

  it('raises a generation that ended in ERROR as upstream_error', () => {
    const error = catchGatewayError(() =>
      fromCohereResponse({ finish_reason: 'ERROR', message: { content: [] } }, 'm', 'co'),
    );
    expect(error).toMatchObject({ code: 'upstream_error', provider: { provider: 'co', type: 'ERROR' } });
  });

  it('refuses a body without a message', () => {
    expect(() => fromCohereResponse({ id: 'x' }, 'm', 'co')).toThrow(GatewayError);
    expect(() => fromCohereResponse('nope', 'm', 'co')).toThrow(GatewayError);
  });
});
