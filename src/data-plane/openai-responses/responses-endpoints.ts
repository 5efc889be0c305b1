import { runStages, type Stage } from '../../pipeline/stage.js';
import type { DecodeInput, Responded } from '../../pipeline/context/phases.js';
import { endpointOf, type Endpoint, type EndpointGroupFactory } from '../endpoint-group.js';
import { encodeOpenAiError } from '../openai-chat/openai-chat-dialect.js';
import { createOpenAiResponsesDialect } from './openai-responses-dialect.js';

/** The OpenAI Responses API: `POST /v1/responses`, and `/responses` for clients that drop `/v1`. */
export const responsesEndpoints: EndpointGroupFactory = (deps) => {
  // The standard chat stages with a dialect per request: how a tool call is answered depends on
  // the kind of tool the request declared (custom, local_shell or function).
  const chat: Stage<DecodeInput, Responded> = (context) =>
    runStages(context, deps.chatAfterBody(createOpenAiResponsesDialect()).stages);
  const create: Endpoint[] = [endpointOf('POST', deps.keyed().readBody().then(chat), encodeOpenAiError)];
  return {
    match: (path) => (path === '/v1/responses' || path === '/responses' ? { endpoints: create } : undefined),
  };
};
