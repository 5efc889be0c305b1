import type { IngressInfo } from '../../pipeline/chat-dialect.js';
import type { Stage } from '../../pipeline/stage.js';

/**
 * `ParsedChatRequest.toCanonical` has no way to report dropped settings, yet Gemini requests
 * routinely carry some (`safetySettings`). Until that contract takes a warnings list, this
 * stage ties the request's IngressInfo (one object per request, made by the endpoint group) to
 * the context's warnings, and the dialect looks the list up by the IngressInfo it is given.
 * prepare-chat clears the list in place before translating, so only the answering target's
 * warnings remain, as for provider warnings.
 */
const sinks = new WeakMap<IngressInfo, string[]>();

/** Runs before parse-chat-request; makes warnings of the Gemini decoder reach `x-portico-warnings`. */
export const bindTranslationWarnings: Stage = (context) => {
  sinks.set(context.ingress, context.warnings);
};

/** The warnings list of the request `ingress` belongs to; a throwaway list when none was bound (unit tests). */
export function translationWarnings(ingress: IngressInfo): string[] {
  return sinks.get(ingress) ?? [];
}
