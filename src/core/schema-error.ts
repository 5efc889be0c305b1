import type { TSchema } from 'typebox';
import type { Validator } from 'typebox/compile';
import { GatewayError } from './gateway-error.js';
import { toParamPath } from './to-param-path.js';

interface SchemaIssue {
  keyword: string;
  instancePath: string;
  params: unknown;
  message: string;
}

/**
 * One sentence for the problems at one path: union branches report one error each ("must be
 * string", "must be array"), which read better merged ("must be string or array").
 */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  const allowed: string[] = [];
  const types: string[] = [];
  for (const issue of issues) {
    const params = issue.params as { allowedValue?: unknown; type?: unknown };
    if (issue.keyword === 'const') allowed.push(JSON.stringify(params.allowedValue));
    else if (issue.keyword === 'type' && typeof params.type === 'string') types.push(params.type);
  }
  if (issues.some((issue) => issue.keyword === 'boolean')) return 'is not a known field';
  if (allowed.length > 0) return `must be one of ${allowed.join(', ')}`;
  if (types.length > 0) return `must be ${[...new Set(types)].join(' or ')}`;
  return issues.find((issue) => issue.keyword !== 'anyOf')?.message ?? issues[0]?.message ?? 'is invalid';
}

/** The deepest path with problems (the one a human can act on) and what is wrong there. */
export function firstSchemaProblem(issues: Iterable<SchemaIssue>): { path: string; problem: string } {
  const all = [...issues];
  const deepest = all.reduce(
    (best, issue) => (issue.instancePath.length > best.length ? issue.instancePath : best),
    '',
  );
  return {
    path: toParamPath(deepest),
    problem: describeIssues(all.filter((issue) => issue.instancePath === deepest)),
  };
}

/** Validates `value`; on failure throws `invalid_request` naming the offending param. */
export function assertValid<Schema extends TSchema>(
  validator: Validator<Record<PropertyKey, TSchema>, Schema>,
  value: unknown,
): void {
  if (validator.Check(value)) return;
  const { path, problem } = firstSchemaProblem(validator.Errors(value));
  const where = path === '' ? 'request body' : `'${path}'`;
  throw new GatewayError(
    'invalid_request',
    `Invalid ${where}: ${problem}.`,
    path === '' ? {} : { param: path },
  );
}
