/** Client-chosen field names end up in a response header, so only plain ones are repeated. */
const plainName = /^[\w.-]{1,64}$/;

/**
 * The warning for Gemini fields a translated request cannot carry, e.g.
 * `generationConfig.topK is not supported when translating from gemini; ignored`.
 * `prefix` locates the fields (`generationConfig.`), `names` are the fields themselves.
 */
export function ignoredWarning(prefix: string, names: readonly string[]): string {
  const shown = names.map((name) => (plainName.test(name) ? `${prefix}${name}` : 'an unnamed field'));
  const verb = names.length === 1 ? 'is' : 'are';
  return `${shown.join(', ')} ${verb} not supported when translating from gemini; ignored`;
}
