import { expect } from 'vitest';
import { arrayOrEmpty, isJsonObject, optionalNumber } from '../../../src/core/json-guards.js';
import type { JsonSseEvent } from './read-sse-json.js';

/**
 * Checks a Gemini `streamGenerateContent?alt=sse` stream is well-formed: plain data events (no
 * `event:` names), each a `GenerateContentResponse` (candidates, usage or prompt feedback, never
 * an `error`), no content for a candidate after its `finishReason`, and a finish (a candidate's
 * `finishReason` or `promptFeedback.blockReason`) somewhere in the stream.
 * https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export function checkGeminiStream(events: readonly JsonSseEvent[]): void {
  expect(events.length, 'the stream has events').toBeGreaterThan(0);
  const finished = new Set<number>();
  let blocked = false;
  events.forEach(({ event, data }, index) => {
    const at = `event ${index}`;
    expect(event, `${at} has no event name`).toBeUndefined();
    expect(data, `${at} is not an error`).not.toHaveProperty('error');
    const known = ['candidates', 'usageMetadata', 'promptFeedback'].filter((key) => key in data);
    expect(known.length, `${at} is a GenerateContentResponse`).toBeGreaterThan(0);
    if (isJsonObject(data['promptFeedback']) && typeof data['promptFeedback']['blockReason'] === 'string')
      blocked = true;
    arrayOrEmpty(data['candidates']).forEach((value, position) => {
      const candidate = isJsonObject(value) ? value : {};
      const choice = optionalNumber(candidate['index']) ?? position;
      const content = isJsonObject(candidate['content']) ? candidate['content'] : {};
      if (finished.has(choice))
        expect(
          arrayOrEmpty(content['parts']),
          `${at}: no parts for candidate ${choice} after it finished`,
        ).toEqual([]);
      if (typeof candidate['finishReason'] === 'string') finished.add(choice);
    });
  });
  expect(finished.size > 0 || blocked, 'the stream says it finished').toBe(true);
}
