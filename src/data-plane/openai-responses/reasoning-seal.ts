import type { ReasoningPart } from '../../core/chat.js';

// Portico keeps no state, so what a provider needs back on the next turn (Anthropic's thinking
// signature or redacted thinking) rides in the reasoning item's `encrypted_content`, which
// Responses clients already return verbatim (Codex sends it back with `store: false`).
const signaturePrefix = 'portico:thinking:';
const redactedPrefix = 'portico:redacted:';

/** What a reasoning item's `encrypted_content` carried, when Portico wrote it. */
export type ReasoningSeal = { signature: string } | { redactedData: string };

/** The `encrypted_content` for a reasoning part, or null when it has nothing to carry back. */
export function sealReasoning(part: ReasoningPart): string | null {
  if (part.redactedData !== undefined) return redactedPrefix + part.redactedData;
  if (part.signature !== undefined) return signaturePrefix + part.signature;
  return null;
}

/**
 * Reads an `encrypted_content` Portico wrote. Anything else (e.g. OpenAI's own encrypted
 * reasoning from a direct call) cannot be used by another provider and reads as undefined.
 */
export function openReasoningSeal(encrypted: string | null | undefined): ReasoningSeal | undefined {
  if (typeof encrypted !== 'string') return undefined;
  if (encrypted.startsWith(signaturePrefix)) return { signature: encrypted.slice(signaturePrefix.length) };
  if (encrypted.startsWith(redactedPrefix)) return { redactedData: encrypted.slice(redactedPrefix.length) };
  return undefined;
}
