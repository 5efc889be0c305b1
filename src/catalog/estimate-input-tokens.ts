import type { ChatMessage, ChatRequest, ImagePart } from '../core/chat.js';
import { countTextTokens, type TextTokens } from './count-text-tokens.js';

/** Tokens OpenAI wraps around every message (`<|start|>role…<|end|>`). */
const tokensPerMessage = 3;
/** A message `name` costs one token besides its text. */
const tokensPerName = 1;
/** Every reply is primed with `<|start|>assistant<|message|>`. */
const replyPrimingTokens = 3;
/** OpenAI's charge for a 1024×1024 image at high detail: 85 base + 4 tiles × 170. */
const imageTokens = 765;
/** OpenAI's charge for any image at `detail: 'low'`. */
const lowDetailImageTokens = 85;

/**
 * Estimates the input tokens of a chat request before it is sent, with the o200k_base
 * tokenizer (GPT-4o and later): message text, names, tool calls and their arguments,
 * reasoning text, tool definitions and a JSON schema response format, plus OpenAI's framing
 * (3 tokens a message, 1 a name, 3 to prime the reply). Each image counts a fixed 765 tokens
 * (85 with `detail: 'low'`), whatever its size. Tool definitions count as their JSON text,
 * which is a little longer than the form OpenAI renders them in, so the estimate errs high.
 * Other vendors' tokenizers differ by some percent; this is for budgets and limits, not billing.
 * The text is counted off the event loop within a size and time budget, else estimated linearly
 * (`exact: false`; see count-text-tokens.ts).
 */
export async function estimateInputTokens(request: ChatRequest): Promise<TextTokens> {
  const texts: string[] = [];
  const text = (value: string | undefined): void => {
    if (value !== undefined && value !== '') texts.push(value);
  };
  const json = (value: unknown): void => {
    if (value !== undefined) texts.push(JSON.stringify(value));
  };
  let fixed = replyPrimingTokens;
  for (const message of request.messages) fixed += messageTokens(message, text);
  for (const tool of request.tools ?? []) {
    text(tool.name);
    text(tool.description);
    json(tool.parameters);
  }
  const format = request.responseFormat;
  if (format?.type === 'json_schema') {
    text(format.name);
    text(format.description);
    json(format.schema);
  }
  const counted = await countTextTokens(texts);
  return { tokens: fixed + counted.tokens, exact: counted.exact };
}

/** Adds a message's texts to those counted and returns its tokens that are not text. */
function messageTokens(message: ChatMessage, text: (value: string | undefined) => void): number {
  let fixed = tokensPerMessage;
  if ((message.role === 'user' || message.role === 'assistant') && message.name !== undefined) {
    fixed += tokensPerName;
    text(message.name);
  }
  for (const part of message.content) {
    if (part.type === 'image') fixed += imagePartTokens(part);
    else text(part.text);
  }
  if (message.role === 'assistant') {
    for (const call of message.toolCalls) {
      text(call.name);
      text(call.arguments);
    }
  }
  return fixed;
}

function imagePartTokens(part: ImagePart): number {
  return part.detail === 'low' ? lowDetailImageTokens : imageTokens;
}
