import { AwsEventStreamDecoder } from './aws-event-stream-decoder.js';
import type { FrameDecoder } from './frame-decoder.js';
import { SseDecoder } from './sse-decoder.js';

/** The decoder for a provider's stream framing. */
export function createFrameDecoder(framing: 'sse' | 'aws-event-stream'): FrameDecoder {
  return framing === 'sse' ? new SseDecoder() : new AwsEventStreamDecoder();
}
