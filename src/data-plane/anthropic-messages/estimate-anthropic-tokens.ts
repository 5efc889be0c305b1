import { countTextTokens } from '../../catalog/count-text-tokens.js';
import type { JsonObject, JsonValue } from '../../core/chat.js';
import { isJsonObject, optionalString } from '../../core/json-guards.js';

/**
 * Tokens counted for an image or a document whose size the gateway cannot see: roughly what
 * Anthropic charges for a full-size (about 1.15 megapixel) image.
 * https://docs.anthropic.com/en/docs/build-with-claude/vision#calculate-image-costs
 */
export const mediaBlockTokens = 1600;

/** Framing tokens per message (role and turn markers), as chat formats add a few per turn. */
const tokensPerMessage = 3;

/**
 * A local estimate of a count_tokens body's input tokens, for routes whose provider cannot count:
 * the text of the system prompt, messages and tool definitions through the o200k tokenizer
 * (gpt-tokenizer), plus a fixed amount per image or document. It is an estimate: Claude's own
 * tokenizer is not public, and other providers' differ. Text beyond the tokenizer's size or time
 * budget is estimated linearly (count-text-tokens.ts).
 */
export async function estimateAnthropicTokens(body: JsonObject): Promise<number> {
  const texts: string[] = [];
  let fixed = 0;
  const addBlocks = (content: JsonValue | undefined): void => {
    if (typeof content === 'string') texts.push(content);
    else if (Array.isArray(content)) for (const block of content) fixed += addBlock(block, texts, addBlocks);
  };
  addBlocks(body['system']);
  const messages = Array.isArray(body['messages']) ? body['messages'] : [];
  for (const message of messages) {
    fixed += tokensPerMessage;
    if (isJsonObject(message)) addBlocks(message['content']);
  }
  const tools = Array.isArray(body['tools']) ? body['tools'] : [];
  for (const tool of tools) texts.push(JSON.stringify(tool));
  const counted = await countTextTokens([texts.join('\n')]);
  return fixed + counted.tokens;
}

/** Adds a block's text to `texts` and returns the tokens counted for it without text. */
function addBlock(
  block: JsonValue,
  texts: string[],
  addNested: (content: JsonValue | undefined) => void,
): number {
  if (!isJsonObject(block)) return 0;
  switch (block['type']) {
    case 'text':
      texts.push(optionalString(block['text']) ?? '');
      return 0;
    case 'thinking':
      texts.push(optionalString(block['thinking']) ?? '');
      return 0;
    case 'redacted_thinking':
      return 0;
    case 'tool_use':
      texts.push(optionalString(block['name']) ?? '', JSON.stringify(block['input'] ?? {}));
      return 0;
    case 'tool_result':
      addNested(block['content']);
      return 0;
    case 'image':
    case 'document':
      return mediaBlockTokens;
    default:
      texts.push(JSON.stringify(block));
      return 0;
  }
}
