import type { TSchema } from 'typebox';
import type { Validator } from 'typebox/compile';
import { GatewayError } from '../../core/gateway-error.js';
import { firstSchemaProblem } from '../../core/schema-error.js';
import { toParamPath } from '../../core/to-param-path.js';

/**
 * Validates `value` found at `param` (e.g. `input[2]`; '' for the body) against its own schema;
 * on failure throws `invalid_request` naming the full param, e.g. `input[2].call_id`. Items are
 * checked one by one because a union of permissive item schemas would report every branch's
 * complaint at once. A missing field is named itself rather than its parent object.
 */
export function assertValidAt<Schema extends TSchema>(
  validator: Validator<Record<PropertyKey, TSchema>, Schema>,
  value: unknown,
  param: string,
): void {
  if (validator.Check(value)) return;
  const issues = [...validator.Errors(value)];
  const { path, problem } = firstSchemaProblem(issues, validator.Type());
  const at = joinParam(param, path);
  const missing = issues.find(
    (issue) => issue.keyword === 'required' && toParamPath(issue.instancePath) === path,
  );
  const names = (missing?.params as { requiredProperties?: unknown } | undefined)?.requiredProperties;
  if (Array.isArray(names) && typeof names[0] === 'string') {
    const field = joinParam(at, names[0]);
    throw new GatewayError('invalid_request', `Missing '${field}'.`, { param: field });
  }
  const where = at === '' ? 'request body' : `'${at}'`;
  throw new GatewayError('invalid_request', `Invalid ${where}: ${problem}.`, at === '' ? {} : { param: at });
}

function joinParam(base: string, path: string): string {
  if (base === '' || path === '') return base + path;
  return path.startsWith('[') ? `${base}${path}` : `${base}.${path}`;
}
