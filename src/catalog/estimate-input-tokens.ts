import type { ChatMessage, ChatRequest, ImagePart } from '../core/chat.js';

/** Counts the o200k_base tokens of a text; special-token text counts as plain text. */
export type CountTokens = (text: string) => number;

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

let tokenizer: Promise<CountTokens> | undefined;

/**
 * The o200k_base token counter (gpt-tokenizer), imported on first call and shared afterwards.
 * Its tables take about 70 MB and 250 ms to load, and most deployments never tokenize, so the
 * gateway starts without them (docs/benchmarks.md, idle RSS).
 */
export function loadTokenizer(): Promise<CountTokens> {
  tokenizer ??= import('gpt-tokenizer').then(
    ({ countTokens }) => {
      // Client text may contain `<|endoftext|>` and the like; count it as text instead of throwing.
      const asPlainText = { disallowedSpecial: new Set<string>() };
      return (text: string) => countTokens(text, asPlainText);
    },
    (error: unknown) => {
      tokenizer = undefined; // a failed import is retried by the next caller
      throw error;
    },
  );
  return tokenizer;
}

/**
 * Estimates the input tokens of a chat request before it is sent, with the o200k_base
 * tokenizer (GPT-4o and later): message text, names, tool calls and their arguments,
 * reasoning text, tool definitions and a JSON schema response format, plus OpenAI's framing
 * (3 tokens a message, 1 a name, 3 to prime the reply). Each image counts a fixed 765 tokens
 * (85 with `detail: 'low'`), whatever its size. Tool definitions count as their JSON text,
 * which is a little longer than the form OpenAI renders them in, so the estimate errs high.
 * Other vendors' tokenizers differ by some percent; this is for budgets and limits, not billing.
 */
export async function estimateInputTokens(request: ChatRequest): Promise<number> {
  const count = await loadTokenizer();
  const text = (value: string | undefined): number =>
    value === undefined || value === '' ? 0 : count(value);
  const json = (value: unknown): number => (value === undefined ? 0 : text(JSON.stringify(value)));
  let total = replyPrimingTokens;
  for (const message of request.messages) total += messageTokens(message, text);
  for (const tool of request.tools ?? [])
    total += text(tool.name) + text(tool.description) + json(tool.parameters);
  const format = request.responseFormat;
  if (format?.type === 'json_schema') {
    total += text(format.name) + text(format.description) + json(format.schema);
  }
  return total;
}

function messageTokens(message: ChatMessage, text: (value: string | undefined) => number): number {
  let total = tokensPerMessage;
  if ((message.role === 'user' || message.role === 'assistant') && message.name !== undefined) {
    total += tokensPerName + text(message.name);
  }
  for (const part of message.content) {
    if (part.type === 'image') total += imagePartTokens(part);
    else total += text(part.text);
  }
  if (message.role === 'assistant') {
    for (const call of message.toolCalls) total += text(call.name) + text(call.arguments);
  }
  return total;
}

function imagePartTokens(part: ImagePart): number {
  return part.detail === 'low' ? lowDetailImageTokens : imageTokens;
}
