import { ConfigError, type ConfigProblem } from './config-error.js';

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed YAML document. Done after
 * parsing, so secrets with YAML-special characters cannot change the document's structure.
 * An unset variable throws ConfigError; with `missing`, it is pushed there instead (and read as
 * empty), so that a caller can report every unset variable at once.
 */
export function interpolateEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  file: string,
  missing?: ConfigProblem[],
  path = '',
): unknown {
  if (typeof value === 'string') {
    return value.replace(reference, (_match, name: string, fallback: string | undefined) => {
      const resolved = env[name];
      if (resolved !== undefined && resolved !== '') return resolved;
      if (fallback !== undefined) return fallback;
      const problem = `environment variable ${name} is not set`;
      if (missing === undefined) throw new ConfigError(file, path, problem);
      missing.push({ path, problem });
      return '';
    });
  }
  if (Array.isArray(value))
    return value.map((item, index) => interpolateEnv(item, env, file, missing, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      result[key] = interpolateEnv(item, env, file, missing, path === '' ? key : `${path}.${key}`);
    }
    return result;
  }
  return value;
}
