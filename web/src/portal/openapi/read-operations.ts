/**
 * Reads the operations of a served OpenAPI 3 document for the portal's compact renderer. The
 * document is data from the admin API, so every field is checked rather than trusted.
 */

export type Json = unknown;

export interface OperationParameter {
  name: string;
  in: string;
  required: boolean;
  description: string;
  type: string;
}

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  parameters: OperationParameter[];
  /** Content type → a one-line summary of its schema. */
  requestBody: { contentType: string; schema: string }[];
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

export function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: Json): string {
  return typeof value === 'string' ? value : '';
}

/** Follows local `$ref`s (`#/components/...`), at most a few hops: the import refused loops. */
export function resolve(document: Json, value: Json): Json {
  let current = value;
  for (let hop = 0; hop < 16 && isRecord(current) && typeof current['$ref'] === 'string'; hop += 1) {
    const ref = current['$ref'];
    if (!ref.startsWith('#/')) return current;
    let target: Json = document;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      target = isRecord(target) ? target[key] : undefined;
    }
    current = target;
  }
  return current;
}

function refName(value: Json): string | undefined {
  if (!isRecord(value) || typeof value['$ref'] !== 'string') return undefined;
  return value['$ref'].split('/').at(-1);
}

/** A compact, one-line description of a schema: `{ id: integer, name*: string, tags: [Tag] }`. */
export function schemaSummary(document: Json, schema: Json, depth = 0): string {
  const named = refName(schema);
  if (named !== undefined && depth > 0) return named;
  const resolved = resolve(document, schema);
  if (!isRecord(resolved)) return 'any';
  if (Array.isArray(resolved['enum']))
    return resolved['enum'].map((item) => JSON.stringify(item)).join(' | ');
  const type = text(resolved['type']);
  if (type === 'array') return `[${schemaSummary(document, resolved['items'], depth + 1)}]`;
  const properties = resolved['properties'];
  if (isRecord(properties) && depth < 2) {
    const required = Array.isArray(resolved['required']) ? resolved['required'] : [];
    const fields = Object.entries(properties).map(
      ([name, property]) =>
        `${name}${required.includes(name) ? '*' : ''}: ${schemaSummary(document, property, depth + 1)}`,
    );
    return `{ ${fields.join(', ')} }`;
  }
  for (const combiner of ['oneOf', 'anyOf', 'allOf']) {
    const parts = resolved[combiner];
    if (Array.isArray(parts)) {
      return parts
        .map((part) => schemaSummary(document, part, depth + 1))
        .join(combiner === 'allOf' ? ' & ' : ' | ');
    }
  }
  const format = text(resolved['format']);
  return type === '' ? 'object' : format === '' ? type : `${type} (${format})`;
}

function readParameters(document: Json, list: Json): OperationParameter[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const parameter = resolve(document, item);
    if (!isRecord(parameter)) return [];
    return [
      {
        name: text(parameter['name']),
        in: text(parameter['in']),
        required: parameter['required'] === true,
        description: text(parameter['description']),
        type: schemaSummary(document, parameter['schema']),
      },
    ];
  });
}

function readRequestBody(document: Json, body: Json): Operation['requestBody'] {
  const resolved = resolve(document, body);
  if (!isRecord(resolved) || !isRecord(resolved['content'])) return [];
  return Object.entries(resolved['content']).map(([contentType, media]) => ({
    contentType,
    schema: isRecord(media) ? schemaSummary(document, media['schema']) : 'any',
  }));
}

/** Every operation of the document, in the document's order; path-level parameters included. */
export function readOperations(document: Json): Operation[] {
  if (!isRecord(document) || !isRecord(document['paths'])) return [];
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document['paths'])) {
    if (!isRecord(item)) continue;
    const shared = readParameters(document, item['parameters']);
    for (const method of methods) {
      const operation = item[method];
      if (!isRecord(operation)) continue;
      const own = readParameters(document, operation['parameters']);
      const tags = Array.isArray(operation['tags'])
        ? operation['tags'].filter((tag) => typeof tag === 'string')
        : [];
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: text(operation['operationId']),
        summary: text(operation['summary']) || text(operation['description']),
        tags: tags.length > 0 ? tags : ['default'],
        parameters: [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own],
        requestBody: readRequestBody(document, operation['requestBody']),
      });
    }
  }
  return operations;
}

/** The document's `servers[0].url`: Portico's data-plane URL of the service. */
export function serverUrl(document: Json): string {
  if (!isRecord(document) || !Array.isArray(document['servers'])) return '';
  const first: Json = document['servers'][0];
  return isRecord(first) ? text(first['url']) : '';
}
