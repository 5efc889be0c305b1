import { SseDecoder } from '../../src/upstream/sse-decoder.js';

/** One SSE event the gateway wrote, with its JSON data parsed. */
export interface DecodedSseEvent {
  /** The `event:` line, when there was one. */
  event: string | undefined;
  data: Record<string, unknown>;
}

/** Decodes SSE text as a client would (with Portico's own decoder); every data line must be JSON. */
export function decodeSseText(text: string): DecodedSseEvent[] {
  const decoder = new SseDecoder();
  return [...decoder.push(text), ...decoder.end()].map((event) => ({
    event: event.event,
    data: JSON.parse(event.data) as Record<string, unknown>,
  }));
}
