import type { UpstreamClient } from '../../upstream/upstream-client.js';
import { attemptTargets } from '../attempt-target.js';
import type { ChatDialect } from '../chat-dialect.js';
import { prepareChat } from '../prepare-chat.js';
import { relayStream } from '../relay-stream.js';
import { respondJson } from '../respond-json.js';
import type { Stage } from '../stage.js';

/** Calls the targets with fallback and answers the client, streamed or whole. */
export function createCallChat(dialect: ChatDialect, client: UpstreamClient): Stage {
  return async (context) => {
    const chat = context.chat;
    if (chat === undefined) throw new Error('call-chat runs after parse-chat-request');
    const call = await attemptTargets(context, client, (target) =>
      prepareChat(dialect, chat, target, context),
    );
    if (context.stream) await relayStream(context, dialect, call);
    else await respondJson(context, dialect, call);
  };
}
