import { encodeOpenAiError } from './openai-chat/openai-chat-dialect.js';
import type { Endpoint, EndpointGroupFactory } from './endpoint-group.js';
import { writeJson } from './endpoint-group.js';

/** Liveness and readiness probes; no key needed. Readiness answers 503 while draining. */
export const healthEndpoints: EndpointGroupFactory = (deps) => {
  const probe = (stage: Endpoint['stages'][number]): Endpoint[] => [
    { method: 'GET', stages: [stage], encodeError: encodeOpenAiError },
  ];
  const exact = new Map<string, Endpoint[]>([
    ['/healthz', probe((context) => writeJson(context, 200, { status: 'ok' }))],
    [
      '/readyz',
      probe((context) =>
        deps.isDraining()
          ? writeJson(context, 503, { status: 'draining' })
          : writeJson(context, 200, {
              status: 'ready',
              providers: deps.config.providers.length,
              models: deps.routes.names().length,
            }),
      ),
    ],
  ]);
  return {
    match(path) {
      const endpoints = exact.get(path);
      return endpoints === undefined ? undefined : { endpoints };
    },
  };
};
