import { encodeOpenAiError } from './openai-chat/openai-chat-dialect.js';
import { Pipeline, type Stage } from '../pipeline/stage.js';
import type { Endpoint, EndpointGroupFactory } from './endpoint-group.js';
import { endpointOf, writeJson } from './endpoint-group.js';

/**
 * Liveness and readiness probes; no key needed. `/healthz` answers 200 whenever the process
 * answers at all (its `status` names the phase); `/readyz` answers 200 only once start-up finished
 * and until shutdown began, 503 with `starting` or `draining` otherwise.
 */
export const healthEndpoints: EndpointGroupFactory = (deps) => {
  // No key: the receive phase, then the probe responds.
  const probe = (stage: Stage): Endpoint[] => [
    endpointOf('GET', Pipeline.receive().then(stage), encodeOpenAiError),
  ];
  const exact = new Map<string, Endpoint[]>([
    [
      '/healthz',
      probe((context) => {
        const phase = deps.phase();
        return writeJson(context, 200, { status: phase === 'ready' ? 'ok' : phase });
      }),
    ],
    [
      '/readyz',
      probe((context) => {
        const phase = deps.phase();
        return phase !== 'ready'
          ? writeJson(context, 503, { status: phase })
          : writeJson(context, 200, {
              status: 'ready',
              providers: deps.config.providers.length,
              models: deps.routes.names().length,
            });
      }),
    ],
  ]);
  return {
    match(path) {
      const endpoints = exact.get(path);
      return endpoints === undefined ? undefined : { endpoints };
    },
  };
};
