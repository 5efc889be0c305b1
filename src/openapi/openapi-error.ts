/**
 * An OpenAPI document Portico cannot use: not JSON/YAML, not OpenAPI 3.x, too large, a `$ref` it
 * will not follow. The message says what is wrong and, where it helps, where (`paths./pet.get`).
 * Callers (the admin API) answer it as a 400 in their own dialect.
 */
export class OpenApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenApiError';
  }
}
