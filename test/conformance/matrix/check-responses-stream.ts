import { expect } from 'vitest';
import type { JsonObject } from '../../../src/core/chat.js';
import { arrayOrEmpty, isJsonObject, optionalNumber, optionalString } from '../../../src/core/json-guards.js';
import type { JsonSseEvent } from './read-sse-json.js';

const terminalTypes = ['response.completed', 'response.incomplete'];

/**
 * Checks a Responses event stream is well-formed and returns its final `response`: every frame
 * names its event as its `type`; `sequence_number` counts up from 0; `response.created` and
 * `response.in_progress` open it and one `response.completed` or `response.incomplete` ends it;
 * output items are added with `output_index` 0, 1, 2…, every event about an item comes between
 * its `output_item.added` and `output_item.done`, each item is done before the end, and the
 * final `output` lists the same items in the same order.
 * https://platform.openai.com/docs/api-reference/responses-streaming
 */
export function checkResponsesStream(events: readonly JsonSseEvent[]): JsonObject {
  events.forEach(({ event, data }, index) => {
    expect(event, `event ${index} names its event as its type`).toBe(data['type']);
    expect(data['sequence_number'], `event ${index}: sequence numbers count up from 0`).toBe(index);
  });
  const types = events.map(({ data }) => optionalString(data['type']) ?? '');
  expect(types.slice(0, 2), 'the stream opens').toEqual(['response.created', 'response.in_progress']);
  expect(terminalTypes, 'the stream ends with response.completed or response.incomplete').toContain(
    types.at(-1),
  );
  expect(
    types.filter((type) => terminalTypes.includes(type)),
    'one terminal event',
  ).toHaveLength(1);
  const items: { id: string; done: boolean; deltas: string }[] = [];
  events.slice(2, -1).forEach(({ data }, position) => {
    const at = `event ${position + 2} (${optionalString(data['type']) ?? ''})`;
    const outputIndex = optionalNumber(data['output_index']);
    const item = isJsonObject(data['item']) ? data['item'] : undefined;
    if (data['type'] === 'response.output_item.added') {
      expect(outputIndex, `${at}: items are added in output_index order`).toBe(items.length);
      items.push({ id: optionalString(item?.['id']) ?? '', done: false, deltas: '' });
      return;
    }
    if (outputIndex === undefined) return;
    const known = items[outputIndex];
    expect(known?.done, `${at}: addresses an item that was added and is not done`).toBe(false);
    const itemId = optionalString(data['item_id']) ?? optionalString(item?.['id']);
    if (itemId !== undefined) expect(itemId, `${at}: names the item at its output_index`).toBe(known?.id);
    if (known === undefined) return;
    const type = optionalString(data['type']) ?? '';
    if (type.endsWith('.delta')) known.deltas += optionalString(data['delta']) ?? '';
    const finished = doneText(type, data);
    // A call whose arguments never streamed reports `{}` (build-output-items.ts completeArguments).
    if (finished !== undefined)
      expect(finished, `${at}: says what its deltas said`).toBe(
        type.startsWith('response.function_call') && known.deltas === '' ? '{}' : known.deltas,
      );
    if (type === 'response.output_item.done') known.done = true;
  });
  expect(
    items.filter((item) => !item.done),
    'every item is done before the end',
  ).toEqual([]);
  const last = events.at(-1)?.data;
  const response = isJsonObject(last?.['response']) ? last['response'] : {};
  const output = arrayOrEmpty(response['output']).map((item) =>
    isJsonObject(item) ? item['id'] : undefined,
  );
  expect(output, 'the final output lists the streamed items').toEqual(items.map((item) => item.id));
  return response;
}

/** The whole text a `….done` event repeats (text, summary text or arguments); undefined for other events. */
function doneText(type: string, data: JsonObject): string | undefined {
  switch (type) {
    case 'response.output_text.done':
    case 'response.reasoning_summary_text.done':
    case 'response.reasoning_text.done':
      return optionalString(data['text']);
    case 'response.function_call_arguments.done':
      return optionalString(data['arguments']);
    default:
      return undefined;
  }
}
