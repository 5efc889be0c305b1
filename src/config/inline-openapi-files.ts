import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { isMap, isSeq, parse, parseDocument } from 'yaml';
import type { ConfigFile } from './config-schema.js';
import type { ConfigProblem } from './config-error.js';

/** The parsed OpenAPI document at `file` (JSON or YAML), or why it cannot be read. */
export function readOpenApiFile(file: string): { document: Record<string, unknown> } | { problem: string } {
  let value: unknown;
  try {
    value = parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    return { problem: `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: `${file} is not a JSON or YAML object` };
  }
  return { document: value as Record<string, unknown> };
}

/**
 * The document with each service's `openapi_file` (relative to `directory`, the file's folder)
 * read into `openapi`: the store and the admin API take documents, never paths. Problems are
 * added to `problems` under `services[i].openapi_file`.
 */
export function inlineOpenApiFiles(
  document: ConfigFile,
  directory: string,
  problems: ConfigProblem[],
): ConfigFile {
  if (document.services === undefined) return document;
  const services = document.services.map((entry, index) => {
    if (entry.openapi_file === undefined) return entry;
    const { openapi_file: path, ...rest } = entry;
    const read = readOpenApiFile(isAbsolute(path) ? path : join(directory, path));
    if ('problem' in read) {
      problems.push({ path: `services[${index}].openapi_file`, problem: read.problem });
      return entry;
    }
    return { ...rest, openapi: read.document };
  });
  return { ...document, services };
}

/**
 * YAML document text with each `services[i].openapi_file` read into `openapi` (relative to
 * `directory`), for `portico apply`, which sends text: the server reads no files. Throws an
 * Error naming the entry when a file cannot be read. Text without such entries comes back as is.
 */
export function inlineOpenApiFilesInYaml(text: string, directory: string): string {
  const document = parseDocument(text);
  const services = document.get('services');
  if (!isSeq(services)) return text;
  let changed = false;
  services.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const path = item.get('openapi_file');
    if (typeof path !== 'string') return;
    const read = readOpenApiFile(isAbsolute(path) ? path : join(directory, path));
    if ('problem' in read) throw new Error(`services[${index}].openapi_file: ${read.problem}`);
    item.delete('openapi_file');
    item.set('openapi', document.createNode(read.document));
    changed = true;
  });
  return changed ? document.toString({ lineWidth: 0 }) : text;
}
