import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../src/core/chat.js';

/** Strings with lone surrogates and control characters, which JSON can carry and UTF-8 cannot. */
export const oddString: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '\uD800',
      '\uDBFF',
      '\uDC00',
      '\uDFFF',
      '\u0000',
      '\u001F',
      '\u2028',
      '\uFEFF',
      '"',
      '\\',
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});

/** Keys worth trying: the names decoders read, and keys that are special to JavaScript objects. */
const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'type',
    'role',
    'content',
    'text',
    'parts',
    'model',
    'messages',
    'input',
    'tools',
    'stream',
    'id',
    'name',
    'arguments',
  ),
  oddString,
);

/** Arbitrary JSON with hostile keys and odd strings, typed as the gateway's JsonValue. */
const { json: anyJson } = fc.letrec<{ json: JsonValue }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    oddString,
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('json'), { maxKeys: 4 }),
  ),
}));

/** A value nested `depth` levels deep, alternating arrays and objects. */
export function nested(depth: number, leaf: JsonValue = 'x'): JsonValue {
  let value: JsonValue = leaf;
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : { a: value };
  return value;
}

/**
 * Values a decoder may meet in any field: arbitrary JSON, edge numbers, numbers as strings,
 * odd strings, long strings and deep nesting.
 */
export const hostileValue: fc.Arbitrary<JsonValue> = fc.oneof(
  { arbitrary: anyJson, weight: 4 },
  {
    arbitrary: fc.constantFrom<JsonValue>(
      1e308,
      -1e308,
      -0,
      5e-324,
      2 ** 53 + 2,
      -(2 ** 63),
      0.5,
      'NaN',
      'Infinity',
      '-0',
      '1e999',
      '',
      null,
      true,
      [],
      {},
    ),
    weight: 3,
  },
  { arbitrary: oddString, weight: 2 },
  // Capped to keep cases fast; long unbroken runs have their own tests (huge-inputs-never-freeze).
  { arbitrary: fc.integer({ min: 500, max: 2_000 }).map((length) => 'é'.repeat(length)), weight: 1 },
  { arbitrary: fc.integer({ min: 50, max: 1_000 }).map((depth) => nested(depth)), weight: 1 },
);

/** One edit of a JSON document at the `at`-th (modulo count) container or value found in it. */
interface Mutation {
  at: number;
  kind: 'drop' | 'replace' | 'add' | 'wrap';
  key: string;
  value: JsonValue;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom<Mutation['kind']>('drop', 'replace', 'replace', 'add', 'wrap'),
  key: hostileKey,
  value: hostileValue,
});

/** A valid document with one to three edits: a field dropped, replaced, added, or wrapped in an array. */
export function mutated(valid: fc.Arbitrary<JsonObject>): fc.Arbitrary<JsonValue> {
  return fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([document, mutations]) => {
    const copy = JSON.parse(JSON.stringify(document)) as JsonValue;
    return mutations.reduce<JsonValue>((current, edit) => applyMutation(current, edit), copy);
  });
}

type Slot = { parent: JsonValue[]; index: number } | { parent: JsonObject; key: string };

/** The slots of a document (object fields and array items), in a fixed order, to a bounded depth. */
function slots(root: JsonValue): Slot[] {
  const found: Slot[] = [];
  const visit = (value: JsonValue, depth: number): void => {
    if (depth > 12 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        found.push({ parent: value, index });
        visit(item, depth + 1);
      });
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      found.push({ parent: value, key });
      visit(item, depth + 1);
    }
  };
  visit(root, 0);
  return found;
}

function applyMutation(document: JsonValue, edit: Mutation): JsonValue {
  const all = slots(document);
  const slot = all[edit.at % Math.max(all.length, 1)];
  if (slot === undefined) return edit.kind === 'replace' ? edit.value : document;
  if ('index' in slot) {
    const { parent, index } = slot;
    if (edit.kind === 'drop') parent.splice(index, 1);
    else if (edit.kind === 'add') parent.splice(index, 0, edit.value);
    else parent[index] = edit.kind === 'wrap' ? [parent[index] ?? null] : edit.value;
    return document;
  }
  const { parent, key } = slot;
  if (edit.kind === 'drop') delete parent[key];
  // defineProperty, as JSON.parse does: a plain assignment to `__proto__` would set the prototype.
  else if (edit.kind === 'add') define(parent, edit.key, edit.value);
  else define(parent, key, edit.kind === 'wrap' ? [parent[key] ?? null] : edit.value);
  return document;
}

function define(object: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A copy of `document` with its `at`-th slot (modulo count) set to `value`. */
export function withValueAt(document: JsonValue, at: number, value: JsonValue): JsonValue {
  const copy = JSON.parse(JSON.stringify(document)) as JsonValue;
  return applyMutation(copy, { at, kind: 'replace', key: '', value });
}

/** Any JSON document, valid request or not. */
export const anyDocument: fc.Arbitrary<JsonValue> = fc.oneof(
  anyJson,
  fc.dictionary(hostileKey, hostileValue, { maxKeys: 6 }),
);
