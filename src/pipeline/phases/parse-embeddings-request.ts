import { checkModelName } from '../../core/check-model-name.js';
import type { DecodeInput, EmbeddingsDecoded } from '../context/phases.js';
import type { EmbeddingsCodec } from '../dialect/embeddings-codec.js';
import type { Stage } from '../stage.js';

/** The decode phase of embeddings: validates the body and records the model it asks for. */
export function createParseEmbeddingsRequest(codec: EmbeddingsCodec): Stage<DecodeInput, EmbeddingsDecoded> {
  return (context) => {
    context.embeddings = codec.parseRequest(context.body);
    context.routeName = checkModelName(context.embeddings.routeName);
  };
}
