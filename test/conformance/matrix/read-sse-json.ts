import { expect } from 'vitest';
import type { JsonObject } from '../../../src/core/chat.js';
import { isJsonObject } from '../../../src/core/json-guards.js';
import { SseDecoder, type SseEvent } from '../../../src/upstream/sse-decoder.js';

/** One server-sent event with its data parsed, and as the gateway's decoders take it. */
export interface JsonSseEvent {
  /** The `event:` field, when the frame had one. */
  event: string | undefined;
  data: JsonObject;
  raw: SseEvent;
}

/**
 * Decodes a whole event stream with the gateway's own SSE decoder, as a client would read it;
 * fails the test when a data field is not a JSON object (including OpenAI's `[DONE]`, which no
 * dialect here sends).
 */
export function readSseJson(text: string): JsonSseEvent[] {
  const decoder = new SseDecoder();
  return [...decoder.push(text), ...decoder.end()].map((raw, index) => {
    let data: unknown;
    try {
      data = JSON.parse(raw.data);
    } catch {
      data = undefined;
    }
    expect(isJsonObject(data), `event ${index} holds a JSON object: ${raw.data.slice(0, 200)}`).toBe(true);
    return { event: raw.event, data: data as JsonObject, raw };
  });
}
