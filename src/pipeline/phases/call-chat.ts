import type { Pricing } from '../../catalog/pricing.js';
import type { Target } from '../../routing/route-table.js';
import type { UpstreamClient } from '../../upstream/upstream-client.js';
import type { Admitted, ChatCalled, ChatDecoded, RouteInput } from '../context/phases.js';
import type { ChatDialect } from '../dialect/chat-dialect.js';
import { readJsonAnswer } from '../respond/respond-json.js';
import type { Stage } from '../stage.js';
import { attemptTargets } from '../upstream/attempt-target.js';
import { checkContextWindow } from '../upstream/check-context-window.js';
import { prepareChat } from '../upstream/prepare-chat.js';

/**
 * The call-upstream phase of chat: calls the route's targets (retries, fallback, breakers) until
 * one accepts. A whole answer is read inside the attempt loop, so an unreadable one (or a
 * refusal, when the route falls back on those) can still fall back; a stream is handed to the
 * respond phase with its body unread.
 */
export function createCallChat(
  dialect: ChatDialect,
  client: UpstreamClient,
  pricing: Pricing,
): Stage<RouteInput & ChatDecoded & Admitted, ChatCalled> {
  return async (context) => {
    const chat = context.chat;
    const prepare = (target: Target) => {
      const checking = checkContextWindow(context, chat, target, pricing);
      if (checking === undefined) return prepareChat(dialect, chat, target, context);
      return checking.then(() => prepareChat(dialect, chat, target, context));
    };
    if (context.stream) {
      context.answered = await attemptTargets(context, client, {
        prepare,
        complete: () => Promise.resolve(undefined),
      });
      return;
    }
    const checkRefusal = context.route.policy.fallbackOn.has('content_filter');
    context.answered = await attemptTargets(context, client, {
      prepare,
      complete: (accepted) => readJsonAnswer(context, dialect, accepted, checkRefusal),
      isContentFiltered: (answer) => answer.contentFiltered,
    });
  };
}
