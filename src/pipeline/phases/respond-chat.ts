import type { Pricing } from '../../catalog/pricing.js';
import type { ChatCalled, ChatDecoded, Received, Responded } from '../context/phases.js';
import type { ChatDialect } from '../dialect/chat-dialect.js';
import { relayStream } from '../respond/relay-stream.js';
import { writeJsonAnswer } from '../respond/respond-json.js';
import type { Stage } from '../stage.js';

/**
 * The respond phase of chat: writes the accepted answer, whole (synchronous: no promise tick) or
 * relayed as it streams, with its usage priced for the `x-portico-cost-usd` header and the call log.
 */
export function createRespondChat(
  dialect: ChatDialect,
  pricing: Pricing,
): Stage<Received & ChatDecoded & ChatCalled, Responded> {
  return (context) => {
    const { call, result } = context.answered;
    // A stream's answer is its body, still unread; a whole answer was read in the attempt loop.
    if (result === undefined) return relayStream(context, dialect, call, pricing);
    writeJsonAnswer(context, call, result, pricing);
    return undefined;
  };
}
