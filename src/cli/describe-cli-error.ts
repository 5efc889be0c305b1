import { ConfigError } from '../config/config-error.js';
import { AdminCallError } from './admin-api-client.js';
import { systemErrorCode, systemErrorWords } from './system-error-words.js';

/** What the CLI prints for a failed command, and the exit code it ends with. */
export interface CliFailure {
  /** One line for a person, without the stack (that is for `--debug`). */
  message: string;
  /** 2 for a configuration error, 1 for everything else. */
  exitCode: number;
}

/**
 * Turns any error a command throws into one clear line: configuration errors name file and path,
 * system errors say what failed on which file or address, anything else prints its message.
 */
export function describeCliError(error: unknown): CliFailure {
  if (error instanceof ConfigError)
    return { message: `Configuration error in ${error.message}`, exitCode: 2 };
  if (error instanceof AdminCallError) return { message: `Error: ${error.message}`, exitCode: 1 };
  if (!(error instanceof Error)) return { message: `Error: ${String(error)}`, exitCode: 1 };
  const code = systemErrorCode(error);
  if (code === 'ERR_WORKER_START')
    return { message: `Cannot start the workers: ${error.message}`, exitCode: 1 };
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    const where = errorField(error, 'address');
    const port = errorField(error, 'port');
    if (where !== undefined && errorField(error, 'syscall') === 'listen')
      return {
        message: `Cannot listen on ${where}:${port ?? '?'}: ${systemErrorWords(code) ?? code} (${code})`,
        exitCode: 1,
      };
  }
  const words = systemErrorWords(code);
  const path = errorField(error, 'path');
  if (words !== undefined && path !== undefined)
    return { message: `Cannot read ${path}: ${words} (${code})`, exitCode: 1 };
  return { message: `Error: ${error.message}`, exitCode: 1 };
}

/** A string or number property that Node puts on its system errors (`code`, `path`, `address`, …). */
function errorField(error: Error, name: string): string | undefined {
  const value: unknown = Reflect.get(error, name);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
