import type { FastifySchemaValidationError, FastifyServerOptions } from 'fastify';
import { describeSchema } from '../core/describe-schema.js';

type SchemaErrorFormatter = NonNullable<FastifyServerOptions['schemaErrorFormatter']>;
/** `body`, `querystring`, `params` or `headers`. */
type SchemaErrorDataVar = Parameters<SchemaErrorFormatter>[1];

// Errors whose message alone hides the type or the other end of the range ("must be >= 1").
const describedKeywords = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);

/**
 * Fastify's `schemaErrorFormatter` for the admin API: one message naming each refused field by
 * its path (`body/requests_per_minute must be integer or null`, `body/nmae is not a known field`,
 * `body/name is required`). A union says what it allows (`must be an integer >= 1 or null`);
 * without its schema, the alternatives its branches report are joined with "or".
 */
export function formatValidationErrors(
  errors: FastifySchemaValidationError[],
  dataVar: SchemaErrorDataVar,
): Error {
  const byField = new Map<string, string[]>();
  // A union's own error (Ajv's verbose `parentSchema`) says what it allows; its branches' errors alone
  // tell the wrong story ("must be null" for -1).
  const unions = new Map<string, string>();
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') continue;
    const allowed = describeSchema('parentSchema' in error ? error.parentSchema : undefined);
    if (allowed !== undefined) unions.set(`${dataVar}${error.instancePath}`, `must be ${allowed}`);
  }
  for (const [field, problem] of unions) byField.set(field, [problem]);
  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    if (unions.has(`${dataVar}${error.instancePath}`)) continue;
    const [field, problem] = describe(error, dataVar);
    const problems = byField.get(field) ?? [];
    if (!problems.includes(problem)) problems.push(problem);
    byField.set(field, problems);
  }
  if (byField.size === 0 && errors[0] !== undefined) {
    const [field, problem] = describe(errors[0], dataVar);
    byField.set(field, [problem]);
  }
  const parts = [...byField].map(([field, problems]) => `${field} ${joinAlternatives(problems)}`);
  return new Error(parts.join('; '));
}

function describe(error: FastifySchemaValidationError, dataVar: SchemaErrorDataVar): [string, string] {
  const path = `${dataVar}${error.instancePath}`;
  const { additionalProperty, missingProperty } = error.params;
  if (error.keyword === 'additionalProperties' && typeof additionalProperty === 'string')
    return [`${path}/${additionalProperty}`, 'is not a known field'];
  if (error.keyword === 'required' && typeof missingProperty === 'string')
    return [`${path}/${missingProperty}`, 'is required'];
  if (error.keyword === 'enum' && Array.isArray(error.params['allowedValues']))
    return [path, `must be one of ${error.params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`];
  const described =
    describedKeywords.has(error.keyword) || (error.keyword === 'type' && Array.isArray(error.params['type']));
  const allowed = described
    ? describeSchema('parentSchema' in error ? error.parentSchema : undefined)
    : undefined;
  if (allowed !== undefined) return [path, `must be ${allowed}`];
  if (error.keyword === 'type' && Array.isArray(error.params['type']))
    return [path, `must be ${error.params['type'].join(' or ')}`];
  if (error.keyword === 'const') return [path, `must be ${JSON.stringify(error.params['allowedValue'])}`];
  return [path, error.message ?? `fails the ${error.keyword} rule`];
}

/** `["must be integer", "must be null"]` → `must be integer or null`. */
function joinAlternatives(problems: string[]): string {
  const [first, ...rest] = problems;
  if (first === undefined) return '';
  const tail = rest.map((problem) =>
    first.startsWith('must be ') && problem.startsWith('must be ')
      ? problem.slice('must be '.length)
      : problem,
  );
  return [first, ...tail].join(' or ');
}
