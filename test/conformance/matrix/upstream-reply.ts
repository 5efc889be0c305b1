import { encodeAwsEventStream } from '../../support/encode-aws-event-stream.js';
import type { FakeReply } from '../../support/fake-upstream.js';
import type { ProviderFixture } from '../fixture.js';

/** Small pieces, so event-stream frames reach the gateway split across chunks. */
const eventStreamChunkBytes = 37;

/**
 * What the fake upstream answers for a fixture: its JSON body, its SSE events, or its AWS
 * event-stream frames encoded (with CRCs) and cut into small chunks.
 */
export function upstreamReply(fixture: ProviderFixture): FakeReply {
  const { status, headers, body, sse, eventStream } = fixture.upstream;
  if (eventStream !== undefined) {
    const bytes = encodeAwsEventStream(eventStream);
    const chunks: Uint8Array[] = [];
    for (let start = 0; start < bytes.length; start += eventStreamChunkBytes)
      chunks.push(bytes.subarray(start, start + eventStreamChunkBytes));
    return {
      kind: 'bytes',
      status,
      headers: { 'content-type': 'application/vnd.amazon.eventstream', ...headers },
      chunks,
    };
  }
  if (sse !== undefined)
    return { kind: 'sse', status, events: sse, ...(headers === undefined ? {} : { headers }) };
  return { kind: 'json', status, body, ...(headers === undefined ? {} : { headers }) };
}
