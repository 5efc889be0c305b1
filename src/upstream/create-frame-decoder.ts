import type { FrameDecoder } from './frame-decoder.js';
import { SseDecoder } from './sse-decoder.js';

/** The decoder for a provider's stream framing. */
export function createFrameDecoder(framing: 'sse' | 'aws-event-stream'): FrameDecoder {
  if (framing === 'sse') return new SseDecoder();
  throw new Error('aws-event-stream framing is added with the Bedrock provider');
}
