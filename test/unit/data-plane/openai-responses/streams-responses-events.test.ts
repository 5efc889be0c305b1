import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../../src/core/chat.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { openAiResponsesDialect } from '../../../../src/data-plane/openai-responses/openai-responses-dialect.js';
import { ResponsesStreamEncoder } from '../../../../src/data-plane/openai-responses/responses-stream-encoder.js';
import { functionToolsOnly } from '../../../../src/data-plane/openai-responses/responses-tool-kinds.js';
import { decodeSseText, type DecodedSseEvent } from '../../../support/decode-sse-text.js';

const start: ChatStreamEvent = { type: 'start', id: 'chatcmpl-1', model: 'gpt-x-2025', created: 1700000000 };
const usage: ChatStreamEvent = {
  type: 'usage',
  usage: { inputTokens: 7, outputTokens: 3, totalTokens: 10, cachedInputTokens: 4 },
};

/** Runs events through a fresh encoder and parses what a client would receive. */
function encodeAll(
  events: ChatStreamEvent[],
  encoder = new ResponsesStreamEncoder('route-model', functionToolsOnly),
): DecodedSseEvent[] {
  const text = events.map((event) => encoder.encode(event) ?? '').join('') + encoder.done();
  return decodeSseText(text);
}

/** Replays the events through the openai SDK's own accumulator, which throws on any inconsistency. */
function accumulate(frames: DecodedSseEvent[]): Response {
  let snapshot: Response | undefined;
  for (const frame of frames)
    snapshot = accumulateResponse(frame.data as unknown as ResponseStreamEvent, snapshot);
  if (snapshot === undefined) throw new Error('no events');
  return snapshot;
}

const types = (frames: DecodedSseEvent[]): unknown[] => frames.map((frame) => frame.data['type']);

describe('ResponsesStreamEncoder', () => {
  it('streams text as the Responses event sequence, numbered from 0, with usage in response.completed', () => {
    const frames = encodeAll([
      start,
      { type: 'text-delta', choice: 0, text: 'Hel' },
      { type: 'text-delta', choice: 0, text: 'lo!' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
      usage,
    ]);
    expect(types(frames)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(frames.map((frame) => frame.data['sequence_number'])).toEqual(frames.map((_, index) => index));
    expect(frames.every((frame) => frame.event === frame.data['type'])).toBe(true);
    const final = accumulate(frames);
    expect(final).toMatchObject({
      status: 'completed',
      model: 'gpt-x-2025',
      created_at: 1700000000,
      usage: {
        input_tokens: 7,
        input_tokens_details: { cached_tokens: 4 },
        output_tokens: 3,
        total_tokens: 10,
      },
    });
    expect(final.output_text).toBe('Hello!');
    expect(final.id).toMatch(/^resp_/);
  });

  it('gives parallel tool calls their own items and output indexes, even when their deltas interleave', () => {
    const frames = encodeAll([
      start,
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'call_a', name: 'weather' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-start', choice: 0, toolIndex: 1, id: 'call_b', name: 'time' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 0, argumentsDelta: '"Oslo"}' },
      { type: 'tool-input-delta', choice: 0, toolIndex: 1, argumentsDelta: '{"tz":"CET"}' },
      { type: 'finish', choice: 0, finishReason: 'tool_calls' },
    ]);
    const deltas = frames.filter((frame) => frame.data['type'] === 'response.function_call_arguments.delta');
    expect(deltas.map((frame) => [frame.data['output_index'], frame.data['delta']])).toEqual([
      [0, '{"city":'],
      [0, '"Oslo"}'],
      [1, '{"tz":"CET"}'],
    ]);
    const done = frames.filter((frame) => frame.data['type'] === 'response.function_call_arguments.done');
    expect(done.map((frame) => frame.data['arguments'])).toEqual(['{"city":"Oslo"}', '{"tz":"CET"}']);
    const final = accumulate(frames);
    expect(final.status).toBe('completed');
    expect(final.usage).toBeNull();
    expect(final.output).toMatchObject([
      {
        type: 'function_call',
        call_id: 'call_a',
        name: 'weather',
        arguments: '{"city":"Oslo"}',
        status: 'completed',
      },
      {
        type: 'function_call',
        call_id: 'call_b',
        name: 'time',
        arguments: '{"tz":"CET"}',
        status: 'completed',
      },
    ]);
  });

  it('streams thinking as a reasoning item with summary deltas, sealing its signature, before the answer', () => {
    const frames = encodeAll([
      start,
      { type: 'reasoning-delta', choice: 0, text: '1001 = 7 × 143, ' },
      { type: 'reasoning-delta', choice: 0, text: 'and 143 = 11 × 13.' },
      { type: 'reasoning-signature', choice: 0, signature: 'SIG==' },
      { type: 'reasoning-redacted', choice: 0, data: 'OPAQUE' },
      { type: 'text-delta', choice: 0, text: 'No.' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
    ]);
    expect(types(frames).slice(2, 9)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
    ]);
    const final = accumulate(frames);
    expect(final.output).toMatchObject([
      {
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: '1001 = 7 × 143, and 143 = 11 × 13.' }],
        encrypted_content: 'portico:thinking:SIG==',
      },
      { type: 'reasoning', summary: [], encrypted_content: 'portico:redacted:OPAQUE' },
      { type: 'message', content: [{ type: 'output_text', text: 'No.' }] },
    ]);
  });

  it('ends a length-capped answer with response.incomplete', () => {
    const frames = encodeAll([
      start,
      { type: 'text-delta', choice: 0, text: 'Once upon' },
      { type: 'finish', choice: 0, finishReason: 'length' },
      usage,
    ]);
    expect(frames.at(-1)?.data['type']).toBe('response.incomplete');
    expect(accumulate(frames)).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ type: 'message', status: 'incomplete' }],
    });
  });

  it('starts the response even when the provider sent no start event, and ignores other choices', () => {
    const frames = encodeAll([
      { type: 'text-delta', choice: 1, text: 'ignored' },
      { type: 'text-delta', choice: 0, text: 'Hi' },
      { type: 'finish', choice: 0, finishReason: 'stop' },
    ]);
    expect(types(frames).slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(accumulate(frames)).toMatchObject({ model: 'route-model', output_text: 'Hi' });
  });

  it('reports a failure mid-stream with the next sequence number, then response.failed', () => {
    const encoder = new ResponsesStreamEncoder('m', functionToolsOnly);
    const before = [start, { type: 'text-delta', choice: 0, text: 'Hel' } as const]
      .map((event) => encoder.encode(event) ?? '')
      .join('');
    const error = new GatewayError('upstream_error', 'Provider p failed mid-stream: boom');
    const frames = decodeSseText(before + encoder.error(error));
    expect(frames.map((frame) => frame.data['sequence_number'])).toEqual(frames.map((_, index) => index));
    expect(frames.at(-2)?.data).toMatchObject({
      type: 'error',
      code: 'upstream_error',
      message: 'Provider p failed mid-stream: boom',
      error: { code: 'upstream_error', type: 'upstream_error' },
    });
    expect(frames.at(-1)?.data).toMatchObject({
      type: 'response.failed',
      response: { status: 'failed', error: { code: 'upstream_error' } },
    });
  });

  it('has a stateless stream error frame carrying both the documented and the nested error shape', () => {
    const frame = openAiResponsesDialect.encodeStreamError(
      new GatewayError('rate_limit_exceeded', 'Slow down.'),
    );
    expect(frame.startsWith('event: error\ndata: ')).toBe(true);
    expect(decodeSseText(frame)[0]?.data).toEqual({
      type: 'error',
      code: 'rate_limit_exceeded',
      message: 'Slow down.',
      param: null,
      error: { message: 'Slow down.', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' },
      sequence_number: 0,
    });
  });
});
