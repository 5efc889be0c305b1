type SchemaNode = Readonly<Record<string, unknown>>;

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The schema a JSON pointer such as `#/properties/n/anyOf/0` names inside `root`; undefined when
 * the pointer leaves it. A pointer ending at a keyword's array (Ajv's `…/anyOf`) gives the array.
 */
export function schemaAt(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const raw of pointer.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = /^\d+$/.test(segment) ? node[Number(segment)] : undefined;
    else if (isNode(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

/**
 * What a schema allows, in words: `an integer from 1 to 128`, `a number >= 0`, `null`,
 * `"auto"`. Unions join their branches with "or". Undefined for shapes too rich for one phrase
 * (objects with a `$ref`, unknown keywords), so that the caller falls back to the message.
 */
export function describeSchema(schema: unknown): string | undefined {
  if (Array.isArray(schema)) return describeUnion(schema);
  if (!isNode(schema)) return undefined;
  if ('const' in schema) return JSON.stringify(schema['const']);
  const branches = schema['anyOf'] ?? schema['oneOf'];
  if (Array.isArray(branches)) return describeUnion(branches);
  if (Array.isArray(schema['enum']))
    return `one of ${schema['enum'].map((value) => JSON.stringify(value)).join(', ')}`;
  const type = schema['type'];
  // `type: ["integer", "null"]` is a union written in one schema: each type keeps the bounds.
  if (Array.isArray(type)) return describeUnion(type.map((each: unknown) => ({ ...schema, type: each })));
  switch (type) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'a boolean';
    case 'integer':
      return `an integer${describeRange(schema, 'minimum', 'maximum')}`;
    case 'number':
      return `a number${describeRange(schema, 'minimum', 'maximum')}`;
    case 'string':
      return `a string${describeLength(schema, 'minLength', 'maxLength', 'characters')}`;
    case 'array':
      return `an array${describeLength(schema, 'minItems', 'maxItems', 'items')}`;
    case 'object':
      return 'an object';
    default:
      return undefined;
  }
}

function describeUnion(branches: readonly unknown[]): string | undefined {
  const words: string[] = [];
  for (const branch of branches) {
    const word = describeSchema(branch);
    if (word === undefined) return undefined;
    if (!words.includes(word)) words.push(word);
  }
  // Literal unions read better as a list than as `"a" or "b" or "c"`.
  if (words.length > 1 && words.every((word) => word.startsWith('"'))) return `one of ${words.join(', ')}`;
  return words.length === 0 ? undefined : words.join(' or ');
}

function describeRange(schema: SchemaNode, low: string, high: string): string {
  const minimum = numberAt(schema, low);
  const maximum = numberAt(schema, high);
  const above = numberAt(schema, 'exclusiveMinimum');
  const below = numberAt(schema, 'exclusiveMaximum');
  if (minimum !== undefined && maximum !== undefined) return ` from ${minimum} to ${maximum}`;
  const bounds = [
    minimum === undefined ? undefined : `>= ${minimum}`,
    above === undefined ? undefined : `> ${above}`,
    maximum === undefined ? undefined : `<= ${maximum}`,
    below === undefined ? undefined : `< ${below}`,
  ].filter((bound) => bound !== undefined);
  return bounds.length === 0 ? '' : ` ${bounds.join(' and ')}`;
}

function describeLength(schema: SchemaNode, low: string, high: string, unit: string): string {
  const minimum = numberAt(schema, low);
  const maximum = numberAt(schema, high);
  if (minimum !== undefined && maximum !== undefined) return ` of ${minimum} to ${maximum} ${unit}`;
  if (minimum !== undefined)
    return minimum === 1 && unit === 'characters' ? ' (not empty)' : ` of at least ${minimum} ${unit}`;
  if (maximum !== undefined) return ` of at most ${maximum} ${unit}`;
  return '';
}

function numberAt(schema: SchemaNode, keyword: string): number | undefined {
  const value = schema[keyword];
  return typeof value === 'number' ? value : undefined;
}
