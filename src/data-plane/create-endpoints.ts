import type { PorticoConfig } from '../config/portico-config.js';
import type { JsonObject } from '../core/chat.js';
import type { GatewayContext } from '../pipeline/gateway-context.js';
import type { Stage } from '../pipeline/stage.js';
import { createAuthenticate } from '../pipeline/stages/authenticate.js';
import { createCallChat } from '../pipeline/stages/call-chat.js';
import { createCallEmbeddings, createParseEmbeddingsRequest } from '../pipeline/stages/call-embeddings.js';
import { createParseChatRequest } from '../pipeline/stages/parse-chat-request.js';
import { createResolveRoute } from '../pipeline/stages/resolve-route.js';
import type { RouteTable } from '../routing/route-table.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';
import type { Endpoint, EndpointLookup } from './data-plane-server.js';
import { ModelsHandler } from './models-handler.js';
import { encodeOpenAiError, openAiChatDialect } from './openai-chat/openai-chat-dialect.js';
import { openAiEmbeddingsCodec } from './openai-embeddings/openai-embeddings-codec.js';

function writeJson(context: GatewayContext, status: number, body: JsonObject): void {
  context.status = status;
  context.reply.writeHead(status, { 'content-type': 'application/json' });
  context.reply.end(JSON.stringify(body));
}

/** The data-plane endpoints and their stage lists (docs/architecture.md shows the same list). */
export function createEndpoints(
  config: PorticoConfig,
  routes: RouteTable,
  client: UpstreamClient,
  isDraining: () => boolean,
): EndpointLookup {
  const authenticate = createAuthenticate(config.keys);
  const resolveRoute = createResolveRoute(routes);
  const models = new ModelsHandler(routes);
  const openAi = (method: 'GET' | 'POST', stages: Stage[]): Endpoint => ({
    method,
    stages,
    encodeError: encodeOpenAiError,
  });

  const chat = [
    openAi('POST', [
      authenticate,
      createParseChatRequest(openAiChatDialect),
      resolveRoute,
      createCallChat(openAiChatDialect, client),
    ]),
  ];
  const embeddings = [
    openAi('POST', [
      authenticate,
      createParseEmbeddingsRequest(openAiEmbeddingsCodec),
      resolveRoute,
      createCallEmbeddings(openAiEmbeddingsCodec, client),
    ]),
  ];
  const listModels = [openAi('GET', [authenticate, (context) => writeJson(context, 200, models.list())])];
  const getModel = [
    openAi('GET', [authenticate, (context) => writeJson(context, 200, models.get(context.ingress.pathModel ?? ''))]),
  ];
  const healthz = [openAi('GET', [(context) => writeJson(context, 200, { status: 'ok' })])];
  const readyz = [
    openAi('GET', [
      (context) =>
        isDraining()
          ? writeJson(context, 503, { status: 'draining' })
          : writeJson(context, 200, {
              status: 'ready',
              providers: config.providers.length,
              models: routes.names().length,
            }),
    ]),
  ];

  const exact = new Map<string, Endpoint[]>([
    ['/v1/chat/completions', chat],
    ['/chat/completions', chat],
    ['/v1/embeddings', embeddings],
    ['/embeddings', embeddings],
    ['/v1/models', listModels],
    ['/models', listModels],
    ['/healthz', healthz],
    ['/readyz', readyz],
  ]);
  return (path) => {
    const endpoints = exact.get(path);
    if (endpoints !== undefined) return { endpoints };
    for (const prefix of ['/v1/models/', '/models/']) {
      if (path.startsWith(prefix) && path.length > prefix.length) {
        return { endpoints: getModel, ingress: { pathModel: decodeURIComponent(path.slice(prefix.length)) } };
      }
    }
    return undefined;
  };
}
