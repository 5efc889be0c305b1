import type { EmbeddingsRequest, Usage } from '../../core/chat.js';
import type { UpstreamRequest } from '../../providers/provider.js';
import type { EmbeddingsShape } from '../dialect/embeddings-codec.js';
import type { JsonAnswer } from '../respond/respond-json.js';
import type { AcceptedCall } from '../upstream/attempt-target.js';
import type { PreparedChat } from '../upstream/prepare-chat.js';

/**
 * What the call-upstream phase hands the respond phase: the object the attempt loop returns,
 * kept as it is (no copy). A streamed chat answer has no result yet: respond relays its body.
 */
export interface ChatUpstreamAnswer {
  call: AcceptedCall<PreparedChat>;
  result: JsonAnswer | undefined;
}

/** An embeddings request for one target: passthrough, or translated through the canonical request. */
export type PreparedEmbeddings = { upstream: UpstreamRequest; canonical?: EmbeddingsRequest };

/** An embeddings answer read in the client's dialect, with what the call log keeps of it. */
export type EmbeddingsResult = {
  output: string;
  usage: Usage | undefined;
  shape: EmbeddingsShape | undefined;
};

export interface EmbeddingsUpstreamAnswer {
  call: AcceptedCall<PreparedEmbeddings>;
  result: EmbeddingsResult;
}

export type UpstreamAnswer = ChatUpstreamAnswer | EmbeddingsUpstreamAnswer;
