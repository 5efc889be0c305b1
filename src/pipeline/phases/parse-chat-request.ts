import { checkModelName } from '../../core/check-model-name.js';
import type { ChatDialect } from '../dialect/chat-dialect.js';
import type { ChatDecoded, DecodeInput } from '../context/phases.js';
import type { Stage } from '../stage.js';

/** The decode phase of chat: validates the body in the client's dialect and records what it asks for. */
export function createParseChatRequest(dialect: ChatDialect): Stage<DecodeInput, ChatDecoded> {
  return (context) => {
    const chat = dialect.parseRequest(context.body, context.ingress);
    context.chat = chat;
    context.routeName = checkModelName(chat.routeName);
    context.stream = chat.stream;
  };
}
