import { GatewayError } from '../../core/gateway-error.js';
import type { Target } from '../../routing/route-table.js';
import type { UpstreamClient } from '../../upstream/upstream-client.js';
import type { Admitted, EmbeddingsCalled, EmbeddingsDecoded, RouteInput } from '../context/phases.js';
import type { EmbeddingsResult, PreparedEmbeddings } from '../context/upstream-answer.js';
import type { EmbeddingsCodec } from '../dialect/embeddings-codec.js';
import type { Stage } from '../stage.js';
import { attemptTargets, type AcceptedCall } from '../upstream/attempt-target.js';
import { readUpstreamJson } from '../upstream/read-upstream-json.js';

const responseLimit = 256 * 1024 * 1024;

/**
 * The call-upstream phase of embeddings: calls the targets with fallback (passthrough or
 * translated) and reads the answer inside the attempt loop, so an unreadable one can fall back.
 */
export function createCallEmbeddings(
  codec: EmbeddingsCodec,
  client: UpstreamClient,
): Stage<RouteInput & EmbeddingsDecoded & Admitted, EmbeddingsCalled> {
  return async (context) => {
    const parsed = context.embeddings;
    const prepare = (target: Target): PreparedEmbeddings => {
      const provider = target.provider;
      if (provider.dialect === codec.name && provider.passthroughRequest !== undefined) {
        return {
          upstream: provider.passthroughRequest('embeddings', parsed.passthroughBody(target.model), {
            model: target.model,
            stream: false,
            clientHeaders: context.headers,
          }),
        };
      }
      if (provider.embeddingsRequest === undefined) {
        throw new GatewayError('invalid_request', `Provider ${provider.settings.id} has no embeddings API.`, {
          param: 'model',
        });
      }
      const canonical = parsed.toCanonical(target.model);
      if (canonical === undefined) {
        throw new GatewayError(
          'invalid_request',
          `Token-array input is not supported by provider ${provider.settings.id}.`,
          {
            param: 'input',
          },
        );
      }
      return { upstream: provider.embeddingsRequest(canonical), canonical };
    };
    const complete = async (call: AcceptedCall<PreparedEmbeddings>): Promise<EmbeddingsResult> => {
      const { text, parsed: body } = await readUpstreamJson(context, call, responseLimit);
      const canonical = call.prepared.canonical;
      if (canonical === undefined)
        return { output: text, usage: codec.usageFromResponse(body), shape: codec.shapeOfResponse(body) };
      const response = call.target.provider.embeddingsResponse?.(body);
      if (response === undefined) throw new GatewayError('upstream_bad_response');
      return {
        output: JSON.stringify(codec.encodeResponse(response, canonical)),
        usage: {
          inputTokens: response.usage.inputTokens,
          outputTokens: 0,
          totalTokens: response.usage.totalTokens,
        },
        shape: { count: response.embeddings.length, dimensions: response.embeddings[0]?.length ?? 0 },
      };
    };
    context.answered = await attemptTargets(context, client, { prepare, complete });
  };
}
