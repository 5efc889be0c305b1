import type { Pricing } from '../../catalog/pricing.js';
import type { Target } from '../../routing/route-table.js';
import { checkContextWindow } from '../upstream/check-context-window.js';
import type { UpstreamClient } from '../../upstream/upstream-client.js';
import { attemptTargets } from '../upstream/attempt-target.js';
import type { ChatDialect } from '../dialect/chat-dialect.js';
import { prepareChat } from '../upstream/prepare-chat.js';
import { relayStream } from '../respond/relay-stream.js';
import { readJsonAnswer, writeJsonAnswer } from '../respond/respond-json.js';
import type { Stage } from '../stage.js';

/** Calls the route's targets (retries, fallback, breakers) and answers the client, streamed or whole. */
export function createCallChat(dialect: ChatDialect, client: UpstreamClient, pricing: Pricing): Stage {
  return async (context) => {
    const chat = context.chat;
    if (chat === undefined) throw new Error('call-chat runs after parse-chat-request');
    const prepare = (target: Target) => {
      const checking = checkContextWindow(context, chat, target, pricing);
      if (checking === undefined) return prepareChat(dialect, chat, target, context);
      return checking.then(() => prepareChat(dialect, chat, target, context));
    };
    if (context.stream) {
      const { call } = await attemptTargets(context, client, {
        prepare,
        complete: () => Promise.resolve(undefined),
      });
      await relayStream(context, dialect, call, pricing);
      return;
    }
    const checkRefusal = context.route?.policy.fallbackOn.has('content_filter') === true;
    const { call, result } = await attemptTargets(context, client, {
      prepare,
      complete: (accepted) => readJsonAnswer(context, dialect, accepted, checkRefusal),
      isContentFiltered: (answer) => answer.contentFiltered,
    });
    writeJsonAnswer(context, call, result, pricing);
  };
}
