import type { Pricing } from '../../catalog/pricing.js';
import type { EmbeddingsCalled, Received, Responded } from '../context/phases.js';
import { accountUsage } from '../respond/account-usage.js';
import { replyWhole } from '../respond/reply-whole.js';
import { successHeaders } from '../respond/response-headers.js';
import type { Stage } from '../stage.js';

/** The respond phase of embeddings: prices the usage, then writes the answer whole. */
export function createRespondEmbeddings(pricing: Pricing): Stage<Received & EmbeddingsCalled, Responded> {
  return (context) => {
    const { call, result } = context.answered;
    accountUsage(context, pricing, call.target, result.usage);
    // The call log keeps the shape of the answer: vectors are large and say nothing to a reader.
    if (context.service?.logBodies === true)
      context.responseText = JSON.stringify({ embeddings: result.shape ?? null });
    replyWhole(context, 200, successHeaders(context, call.target, 'application/json'), result.output);
  };
}
