import type { Endpoint, EndpointGroupFactory } from '../endpoint-group.js';
import { encodeOpenAiError } from '../openai-chat/openai-chat-dialect.js';
import { openAiResponsesDialect } from './openai-responses-dialect.js';

/** The OpenAI Responses API: `POST /v1/responses`, and `/responses` for clients that drop `/v1`. */
export const responsesEndpoints: EndpointGroupFactory = (deps) => {
  const create: Endpoint[] = [
    { method: 'POST', stages: deps.chatStages(openAiResponsesDialect), encodeError: encodeOpenAiError },
  ];
  return {
    match: (path) => (path === '/v1/responses' || path === '/responses' ? { endpoints: create } : undefined),
  };
};
