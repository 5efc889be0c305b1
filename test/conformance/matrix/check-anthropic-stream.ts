import { expect } from 'vitest';
import { isJsonObject, optionalNumber, optionalString } from '../../../src/core/json-guards.js';
import type { JsonSseEvent } from './read-sse-json.js';

/** The deltas each content block type may receive. https://docs.anthropic.com/en/docs/build-with-claude/streaming */
const deltaTypesByBlock: ReadonlyMap<string, readonly string[]> = new Map([
  ['text', ['text_delta', 'citations_delta']],
  ['thinking', ['thinking_delta', 'signature_delta']],
  ['redacted_thinking', []],
  ['tool_use', ['input_json_delta']],
]);

/**
 * Checks an Anthropic Messages stream is well-formed: every frame names its event as its data's
 * `type`; `message_start` first and `message_stop` last, once each; content blocks numbered from 0
 * in order, never overlapping, each stopped once, every delta addressed to the open block and of
 * a type that block takes; one `message_delta` with a stop reason, after the last block stopped.
 */
export function checkAnthropicStream(events: readonly JsonSseEvent[]): void {
  events.forEach(({ event, data }, index) =>
    expect(event, `frame ${index} names its event as its type`).toBe(data['type']),
  );
  const types = events.map(({ data }) => data['type']);
  expect(types[0], 'the stream opens with message_start').toBe('message_start');
  expect(types.at(-1), 'the stream ends with message_stop').toBe('message_stop');
  expect(
    types.filter((type) => type === 'message_start'),
    'one message_start',
  ).toHaveLength(1);
  expect(
    types.filter((type) => type === 'message_delta'),
    'one message_delta',
  ).toHaveLength(1);
  expect(events[0]?.data['message'], 'message_start holds an empty message').toMatchObject({
    id: expect.stringMatching(/./) as unknown,
    type: 'message',
    role: 'assistant',
    model: expect.any(String) as unknown,
    content: [],
    usage: { input_tokens: expect.any(Number) as unknown, output_tokens: expect.any(Number) as unknown },
  });
  let open: { index: number; type: string } | undefined;
  let nextIndex = 0;
  let messageDelta = false;
  events.slice(1, -1).forEach(({ data }, position) => {
    const at = `frame ${position + 1} (${optionalString(data['type']) ?? ''})`;
    const index = optionalNumber(data['index']);
    switch (data['type']) {
      case 'ping':
        break;
      case 'content_block_start': {
        expect(messageDelta, `${at}: no block after message_delta`).toBe(false);
        expect(open, `${at}: blocks do not overlap`).toBeUndefined();
        expect(index, `${at}: blocks are numbered from 0 in order`).toBe(nextIndex++);
        const block = isJsonObject(data['content_block']) ? data['content_block'] : {};
        const type = optionalString(block['type']) ?? '';
        expect([...deltaTypesByBlock.keys()], `${at}: a known block type`).toContain(type);
        if (type === 'tool_use') {
          expect(block, `${at}: a tool_use block names its call and starts with empty input`).toMatchObject({
            id: expect.stringMatching(/./) as unknown,
            name: expect.stringMatching(/./) as unknown,
            input: {},
          });
        }
        open = { index: index ?? -1, type };
        break;
      }
      case 'content_block_delta': {
        expect(open?.index, `${at}: a delta goes to the open block`).toBe(index);
        const delta = isJsonObject(data['delta']) ? data['delta'] : {};
        expect(deltaTypesByBlock.get(open?.type ?? ''), `${at}: a delta the block takes`).toContain(
          delta['type'],
        );
        break;
      }
      case 'content_block_stop':
        expect(open?.index, `${at}: stops the open block`).toBe(index);
        open = undefined;
        break;
      case 'message_delta': {
        expect(open, `${at}: every block stopped before message_delta`).toBeUndefined();
        const delta = isJsonObject(data['delta']) ? data['delta'] : {};
        expect(typeof delta['stop_reason'], `${at}: carries the stop reason`).toBe('string');
        expect(data['usage'], `${at}: carries the output token count`).toMatchObject({
          output_tokens: expect.any(Number) as unknown,
        });
        messageDelta = true;
        break;
      }
      default:
        expect.fail(`${at}: not an event of a successful Anthropic stream`);
    }
  });
}
