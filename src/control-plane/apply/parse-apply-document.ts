import { parseDocument } from 'yaml';
import { ConfigError } from '../../config/config-error.js';
import { configFileValidator, type ConfigFile } from '../../config/config-schema.js';
import { interpolateEnv } from '../../config/interpolate-env.js';
import { firstSchemaProblem } from '../../core/schema-error.js';
import { AdminError } from '../admin-error.js';

/**
 * Parses document text: YAML, then `${VAR}` from `env` (only from there: the server's own
 * environment is never read for a document sent over the API), then the file schema. A problem
 * is a 400 naming the line or field.
 */
export function parseApplyDocument(text: string, env: Readonly<Record<string, string>>): ConfigFile {
  const parsed = parseDocument(text);
  const first = parsed.errors[0];
  if (first !== undefined) {
    const line = first.linePos?.[0]?.line;
    throw new AdminError(
      'invalid_request',
      `Invalid 'yaml'${line === undefined ? '' : ` at line ${line}`}: ${first.code}.`,
    );
  }
  let resolved: unknown;
  try {
    resolved = interpolateEnv(parsed.toJS() ?? {}, env, 'yaml');
  } catch (error) {
    if (error instanceof ConfigError)
      throw new AdminError('invalid_request', `Invalid '${error.path}': ${error.problem}.`);
    throw error;
  }
  if (!configFileValidator.Check(resolved)) {
    const { path, problem } = firstSchemaProblem(
      configFileValidator.Errors(resolved),
      configFileValidator.Type(),
    );
    throw new AdminError('invalid_request', `Invalid '${path}': ${problem}.`);
  }
  return resolved;
}

/**
 * Names of every `${NAME}` / `${NAME:-default}` in document text, so a client (the CLI) can send
 * the values from its own environment as the apply request's `env`.
 */
export function referencedVariables(text: string): string[] {
  return [
    ...new Set(
      [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g)].map((match) => match[1] ?? ''),
    ),
  ];
}
