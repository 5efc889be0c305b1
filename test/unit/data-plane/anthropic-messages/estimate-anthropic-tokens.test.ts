import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../../../src/core/chat.js';
import {
  estimateAnthropicTokens,
  mediaBlockTokens,
} from '../../../../src/data-plane/anthropic-messages/estimate-anthropic-tokens.js';

const conversation = (content: JsonValue, extra: JsonObject = {}): JsonObject => ({
  model: 'm',
  messages: [{ role: 'user', content }],
  ...extra,
});

describe('estimateAnthropicTokens', () => {
  it('grows with the text of system, messages, tool results and tool definitions', async () => {
    const short = await estimateAnthropicTokens(conversation('Hello'));
    const longer = await estimateAnthropicTokens(
      conversation('Hello there, how is the weather in Oslo today?'),
    );
    expect(short).toBeGreaterThan(0);
    expect(longer).toBeGreaterThan(short);
    const withSystem = await estimateAnthropicTokens(
      conversation('Hello', { system: 'You are a terse assistant.' }),
    );
    expect(withSystem).toBeGreaterThan(short);
    const tool = {
      name: 'weather',
      description: 'Current weather for a city',
      input_schema: { type: 'object' },
    };
    expect(await estimateAnthropicTokens(conversation('Hello', { tools: [tool] }))).toBeGreaterThan(
      short + 5,
    );
    const result = await estimateAnthropicTokens(
      conversation([
        {
          type: 'tool_result',
          tool_use_id: 't',
          content: [{ type: 'text', text: 'A long tool output '.repeat(20) }],
        },
      ]),
    );
    expect(result).toBeGreaterThan(60);
  });

  it('counts a fixed amount per image instead of its base64 bytes', async () => {
    const text = await estimateAnthropicTokens(conversation([{ type: 'text', text: 'What is this?' }]));
    const image = await estimateAnthropicTokens(
      conversation([
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(100_000) } },
        { type: 'text', text: 'What is this?' },
      ]),
    );
    expect(image - text).toBe(mediaBlockTokens);
  });

  it('counts text that spells a special token instead of refusing it', async () => {
    expect(await estimateAnthropicTokens(conversation('a <|endoftext|> b'))).toBeGreaterThan(3);
  });
});
