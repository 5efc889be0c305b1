import { describe, expect, it } from 'vitest';
import { ChatChunkEncoder } from '../../../../src/data-plane/openai-chat/chat-chunk-encoder.js';

const frame = (chunk: object): string => `data: ${JSON.stringify(chunk)}\n\n`;

describe('ChatChunkEncoder text deltas', () => {
  for (const includeUsage of [false, true]) {
    it(`writes the same bytes for later deltas as for the first (include_usage ${includeUsage})`, () => {
      const encoder = new ChatChunkEncoder('fallback-model', includeUsage);
      encoder.encode({ type: 'start', id: 'msg_"1"', model: 'claude-3-5-haiku', created: 1700000000 });
      const header = {
        id: 'msg_"1"',
        object: 'chat.completion.chunk',
        created: 1700000000,
        model: 'claude-3-5-haiku',
      };
      const usage = includeUsage ? { usage: null } : {};
      const first = encoder.encode({ type: 'text-delta', choice: 0, text: 'Hello' });
      const second = encoder.encode({ type: 'text-delta', choice: 0, text: ' "wörld"\n\u2028' });
      expect(first).toBe(
        frame({
          ...header,
          choices: [
            { index: 0, delta: { role: 'assistant', content: 'Hello' }, logprobs: null, finish_reason: null },
          ],
          ...usage,
        }),
      );
      expect(second).toBe(
        frame({
          ...header,
          choices: [
            { index: 0, delta: { content: ' "wörld"\n\u2028' }, logprobs: null, finish_reason: null },
          ],
          ...usage,
        }),
      );
    });
  }

  it('uses the id and model of a start event that comes after a delta', () => {
    const encoder = new ChatChunkEncoder('m', false);
    encoder.encode({ type: 'text-delta', choice: 0, text: 'a' });
    encoder.encode({ type: 'text-delta', choice: 0, text: 'b' });
    encoder.encode({ type: 'start', id: 'x2', model: 'm2', created: 5 });
    const parsed = JSON.parse(
      (encoder.encode({ type: 'text-delta', choice: 0, text: 'c' }) ?? '').slice('data: '.length),
    ) as { id: string; model: string; created: number };
    expect(parsed).toMatchObject({ id: 'x2', model: 'm2', created: 5 });
  });
});
