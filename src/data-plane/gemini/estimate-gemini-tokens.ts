import { countTextTokens } from '../../catalog/count-text-tokens.js';
import type { GeminiCountTokensBody, GeminiWireContent } from './gemini-request-schema.js';

/**
 * Tokens Gemini bills for a small image (both sides up to 384 px); larger images cost more, so
 * this is a lower bound. https://ai.google.dev/gemini-api/docs/tokens#multimodal-tokens
 */
const tokensPerMedia = 258;

/**
 * An estimate of the prompt tokens of a `countTokens` body for a route whose provider cannot
 * count them itself: text, function calls and declarations through the o200k tokenizer
 * (gpt-tokenizer), plus a fixed cost per image or file. Other vendors' tokenizers differ by
 * some percent; the answer is marked as an estimate. Text beyond the tokenizer's size or time
 * budget is estimated linearly (count-text-tokens.ts).
 */
export async function estimateGeminiTokens(body: GeminiCountTokensBody): Promise<number> {
  const request = body.generateContentRequest;
  const contents: GeminiWireContent[] = [...(body.contents ?? []), ...(request?.contents ?? [])];
  if (request?.systemInstruction !== undefined) contents.push(request.systemInstruction);
  const texts: string[] = [];
  let media = 0;
  for (const content of contents) {
    for (const part of content.parts) {
      if (part.text !== undefined) texts.push(part.text);
      if (part.functionCall !== undefined)
        texts.push(part.functionCall.name, JSON.stringify(part.functionCall.args ?? {}));
      if (part.functionResponse !== undefined) {
        texts.push(part.functionResponse.name, JSON.stringify(part.functionResponse.response ?? {}));
      }
      if (part.inlineData !== undefined || part.fileData !== undefined) media++;
    }
  }
  for (const tool of request?.tools ?? []) texts.push(JSON.stringify(tool.functionDeclarations ?? []));
  const counted = await countTextTokens([texts.join('\n')]);
  return counted.tokens + media * tokensPerMedia;
}
