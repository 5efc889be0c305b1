import { checkModelName } from '../../core/check-model-name.js';
import type { ChatDialect } from '../dialect/chat-dialect.js';
import type { Stage } from '../stage.js';

/** Validates the body in the client's dialect and records what it asks for. */
export function createParseChatRequest(dialect: ChatDialect): Stage {
  return (context) => {
    const chat = dialect.parseRequest(context.body, context.ingress);
    context.chat = chat;
    context.routeName = checkModelName(chat.routeName);
    context.stream = chat.stream;
  };
}
