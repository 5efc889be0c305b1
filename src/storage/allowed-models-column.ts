/**
 * The `allowed_models` column of apps and API keys: a JSON array of model names, or null for
 * no restriction. These two functions are its only readers and writers.
 */
export function toAllowedModelsColumn(names: readonly string[] | null): string | null {
  return names === null ? null : JSON.stringify([...names]);
}

/** The stored list, or null when there is none (a malformed value reads as an empty list: deny). */
export function fromAllowedModelsColumn(text: string | null): string[] | null {
  if (text === null) return null;
  const value = JSON.parse(text) as unknown;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
