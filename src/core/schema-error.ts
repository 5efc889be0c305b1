import type { TSchema } from 'typebox';
import type { Validator } from 'typebox/compile';
import { GatewayError } from './gateway-error.js';
import { toParamPath } from './to-param-path.js';
import { describeSchema, schemaAt } from './describe-schema.js';

/** One validation error as TypeBox (and Ajv) report it. */
export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  /** JSON pointer of the failing schema, e.g. `#/properties/n/anyOf/0`. */
  schemaPath?: string;
  params: unknown;
  message: string;
}

/** One problem a validator found: the param path and what is wrong there. */
export interface SchemaProblem {
  path: string;
  problem: string;
}

const unionKeywords = new Set(['anyOf', 'oneOf']);
// A bound alone ("must be >= 1") hides the type and the other end of the range.
const boundKeywords = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);
// Keywords that summarize problems reported again deeper down (the union, the unknown field).
const summaryKeywords = new Set(['anyOf', 'oneOf', 'additionalProperties', 'unevaluatedProperties']);

/**
 * One sentence for the problems at one path. A union reports one error per branch ("must be >= 1",
 * "must be null"), which alone tells the wrong story; with the validated `schema`, the union says
 * what it allows ("must be an integer >= 1 or null").
 */
export function describeIssues(issues: readonly SchemaIssue[], schema?: unknown): string {
  if (issues.some((issue) => issue.keyword === 'boolean')) return 'is not a known field';
  const union = issues.find((issue) => unionKeywords.has(issue.keyword));
  if (union?.schemaPath !== undefined && schema !== undefined) {
    const allowed = describeSchema(schemaAt(schema, union.schemaPath));
    if (allowed !== undefined) return `must be ${allowed}`;
  }
  const bound = issues.find((issue) => boundKeywords.has(issue.keyword));
  if (bound?.schemaPath !== undefined && schema !== undefined && issues.length === 1) {
    const allowed = describeSchema(schemaAt(schema, bound.schemaPath));
    if (allowed !== undefined) return `must be ${allowed}`;
  }
  const allowed: string[] = [];
  const types: string[] = [];
  for (const issue of issues) {
    const params = issue.params as { allowedValue?: unknown; type?: unknown };
    if (issue.keyword === 'const') allowed.push(JSON.stringify(params.allowedValue));
    else if (issue.keyword === 'type' && typeof params.type === 'string') types.push(params.type);
  }
  if (allowed.length > 0) return `must be one of ${allowed.join(', ')}`;
  if (union !== undefined) return describeBranches(issues);
  if (types.length > 0) return `must be ${[...new Set(types)].join(' or ')}`;
  return (
    issues.find((issue) => !unionKeywords.has(issue.keyword))?.message ?? issues[0]?.message ?? 'is invalid'
  );
}

/**
 * Without the schema, each branch says what it wanted: a branch that failed a constraint rather
 * than its type is the one the value's type chose, so its constraint is the useful part.
 */
function describeBranches(issues: readonly SchemaIssue[]): string {
  const byBranch = new Map<string, SchemaIssue[]>();
  for (const issue of issues) {
    if (unionKeywords.has(issue.keyword)) continue;
    const branch = /^(.*\/(?:anyOf|oneOf)\/\d+)/.exec(issue.schemaPath ?? '')?.[1] ?? issue.schemaPath ?? '';
    byBranch.set(branch, [...(byBranch.get(branch) ?? []), issue]);
  }
  const wants = [...byBranch.values()].map((branch) => {
    const chosen = branch.find((issue) => issue.keyword !== 'type') ?? branch[0];
    return chosen === undefined ? 'valid' : chosen.message.replace(/^must be /, '');
  });
  return `must be ${[...new Set(wants)].join(' or ')}`;
}

/** The deepest path with problems (the one a human can act on) and what is wrong there. */
export function firstSchemaProblem(issues: Iterable<SchemaIssue>, schema?: unknown): SchemaProblem {
  const all = [...issues];
  const deepest = all.reduce(
    (best, issue) => (issue.instancePath.length > best.length ? issue.instancePath : best),
    '',
  );
  return {
    path: toParamPath(deepest),
    problem: describeIssues(
      all.filter((issue) => issue.instancePath === deepest),
      schema,
    ),
  };
}

/**
 * Every path with problems, in the order the validator found them. A path whose only issues
 * summarize deeper ones (a failed union, an object with an unknown field) is left out.
 */
export function allSchemaProblems(issues: Iterable<SchemaIssue>, schema?: unknown): SchemaProblem[] {
  const byPath = new Map<string, SchemaIssue[]>();
  for (const issue of issues)
    byPath.set(issue.instancePath, [...(byPath.get(issue.instancePath) ?? []), issue]);
  const paths = [...byPath.keys()];
  return [...byPath]
    .filter(
      ([path, group]) =>
        !group.every((issue) => summaryKeywords.has(issue.keyword)) ||
        !paths.some((other) => other.startsWith(`${path}/`)),
    )
    .map(([path, group]) => ({ path: toParamPath(path), problem: describeIssues(group, schema) }));
}

/** Validates `value`; on failure throws `invalid_request` naming the offending param. */
export function assertValid<Schema extends TSchema>(
  validator: Validator<Record<PropertyKey, TSchema>, Schema>,
  value: unknown,
): void {
  if (validator.Check(value)) return;
  const { path, problem } = firstSchemaProblem(validator.Errors(value), validator.Type());
  const where = path === '' ? 'request body' : `'${path}'`;
  throw new GatewayError(
    'invalid_request',
    `Invalid ${where}: ${problem}.`,
    path === '' ? {} : { param: path },
  );
}
