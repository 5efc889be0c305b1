import { loadTokenizer } from '../../catalog/estimate-input-tokens.js';
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
 * some percent; the answer is marked as an estimate. The tokenizer loads on the first call.
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
  const countTokens = await loadTokenizer();
  return countTokens(texts.join('\n')) + media * tokensPerMedia;
}
