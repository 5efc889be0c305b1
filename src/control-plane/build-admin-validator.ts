import AjvCompiler, { type ValidatorFactory } from '@fastify/ajv-compiler';

const buildFastifyValidator = AjvCompiler();

/**
 * Fastify's Ajv validator with two settings (`schemaController.compilersFactory.buildValidator`):
 * bodies are checked as sent (no type coercion, unknown properties are not stripped, so a body
 * schema with `additionalProperties: false` refuses them), while querystrings, params and headers
 * keep Fastify's coercion, since they arrive as strings (`?limit=10`). See docs/admin-api.md.
 */
export const buildAdminValidator: ValidatorFactory = (externalSchemas, options) => {
  // `verbose` puts each failing schema on its error, so that a refused union can say what it allows.
  const lenient = buildFastifyValidator(externalSchemas, {
    plugins: options?.plugins ?? [],
    customOptions: { ...options?.customOptions, verbose: true },
  });
  const strict = buildFastifyValidator(externalSchemas, {
    plugins: options?.plugins ?? [],
    customOptions: { ...options?.customOptions, coerceTypes: false, removeAdditional: false, verbose: true },
  });
  return (route) => (route.httpPart === 'body' ? strict(route) : lenient(route));
};
