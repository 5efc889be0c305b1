import { checkModelName } from '../../core/check-model-name.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { EmbeddingsRequest, Usage } from '../../core/chat.js';
import type { Target } from '../../routing/route-table.js';
import type { UpstreamRequest } from '../../providers/provider.js';
import type { UpstreamClient } from '../../upstream/upstream-client.js';
import { attemptTargets, type AcceptedCall } from '../upstream/attempt-target.js';
import { accountUsage } from '../respond/account-usage.js';
import type { Pricing } from '../../catalog/pricing.js';
import type { EmbeddingsCodec, EmbeddingsShape } from '../dialect/embeddings-codec.js';
import { readUpstreamJson } from '../upstream/read-upstream-json.js';
import { replyWhole } from '../respond/reply-whole.js';
import { successHeaders } from '../respond/response-headers.js';
import type { Stage } from '../stage.js';

const responseLimit = 256 * 1024 * 1024;

type PreparedEmbeddings = { upstream: UpstreamRequest; canonical?: EmbeddingsRequest };
type EmbeddingsAnswer = { output: string; usage: Usage | undefined; shape: EmbeddingsShape | undefined };

/** Validates an embeddings body and records the model it asks for. */
export function createParseEmbeddingsRequest(codec: EmbeddingsCodec): Stage {
  return (context) => {
    context.embeddings = codec.parseRequest(context.body);
    context.routeName = checkModelName(context.embeddings.routeName);
  };
}

/** Calls the targets with fallback and answers an embeddings request (passthrough or translated). */
export function createCallEmbeddings(
  codec: EmbeddingsCodec,
  client: UpstreamClient,
  pricing: Pricing,
): Stage {
  return async (context) => {
    const parsed = context.embeddings;
    if (parsed === undefined) throw new Error('call-embeddings runs after parse-embeddings-request');
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
    const complete = async (call: AcceptedCall<PreparedEmbeddings>): Promise<EmbeddingsAnswer> => {
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
    const { call, result } = await attemptTargets(context, client, { prepare, complete });
    accountUsage(context, pricing, call.target, result.usage);
    // The call log keeps the shape of the answer: vectors are large and say nothing to a reader.
    if (context.service?.logBodies === true)
      context.responseText = JSON.stringify({ embeddings: result.shape ?? null });
    replyWhole(context, 200, successHeaders(context, call.target, 'application/json'), result.output);
  };
}
