import { randomBytes } from 'node:crypto';

/**
 * Gemini attaches a `thoughtSignature` to function-call parts and rejects the next turn when it
 * is not sent back on the same call (Gemini 3 answers 400). OpenAI clients echo only a tool
 * call's id, so the signature rides inside the canonical id as `${id}__ts__${signature}` and is
 * split off again when the history goes back to Gemini.
 * https://ai.google.dev/gemini-api/docs/thought-signatures
 */
const signatureSeparator = '__ts__';

/** A tool call id as Gemini knows it, and the signature that came with the call. */
export interface GeminiToolCallId {
  id: string;
  signature?: string;
}

/**
 * The canonical tool call id for a Gemini function call: Gemini's own `id` when it sent one,
 * else `call_` + 12 random hex chars, with the thought signature appended when there is one.
 */
export function geminiToolCallId(id: string | undefined, signature: string | undefined): string {
  const base = id !== undefined && id !== '' ? id : `call_${randomBytes(6).toString('hex')}`;
  return signature === undefined || signature === '' ? base : `${base}${signatureSeparator}${signature}`;
}

/** Splits a canonical tool call id back into Gemini's id and the thought signature it carried. */
export function splitGeminiToolCallId(canonicalId: string): GeminiToolCallId {
  const at = canonicalId.indexOf(signatureSeparator);
  if (at === -1) return { id: canonicalId };
  const signature = canonicalId.slice(at + signatureSeparator.length);
  const id = canonicalId.slice(0, at);
  return signature === '' ? { id } : { id, signature };
}
