import type { SseEvent } from './sse-decoder.js';

/**
 * Turns a streamed response body into events as bytes arrive. SSE is the common framing; AWS
 * event-stream frames (Bedrock) decode into the same `SseEvent` shape: the `:event-type`
 * header as `event`, the payload as `data`.
 */
export interface FrameDecoder {
  push(chunk: Uint8Array): SseEvent[];
  /** Events completed by the end of the body; throws when the body ends inside a frame. */
  end(): SseEvent[];
}
