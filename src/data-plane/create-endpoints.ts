import type { PorticoConfig } from '../config/portico-config.js';
import type { LifecyclePhase } from '../core/lifecycle-phase.js';
import type { ChatDialect } from '../pipeline/dialect/chat-dialect.js';
import type { DecodeInput } from '../pipeline/context/phases.js';
import type { AdmitStage } from '../pipeline/phases/admit.js';
import { createAuthenticate } from '../pipeline/phases/authenticate.js';
import { createAuthorizeRoute } from '../pipeline/phases/authorize-route.js';
import { createCallChat } from '../pipeline/phases/call-chat.js';
import { createCheckChoices } from '../pipeline/phases/check-choices.js';
import { createParseChatRequest } from '../pipeline/phases/parse-chat-request.js';
import { createResolveRoute } from '../pipeline/phases/resolve-route.js';
import { createRespondChat } from '../pipeline/phases/respond-chat.js';
import { Pipeline } from '../pipeline/stage.js';
import type { Governance } from '../governance/governance.js';
import type { RouteTable } from '../routing/route-table.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';
import type { Pricing } from '../catalog/pricing.js';
import type { EndpointDeps, EndpointGroupFactory, EndpointMatch } from './endpoint-group.js';
import { geminiEndpoints } from './gemini/gemini-endpoints.js';
import { healthEndpoints } from './health-endpoints.js';
import { openAiEndpoints } from './openai-endpoints.js';
import { responsesEndpoints } from './openai-responses/responses-endpoints.js';
import { anthropicEndpoints } from './anthropic-messages/anthropic-endpoints.js';
import { createApplyCors } from './apply-cors.js';

/** Every endpoint group of the data plane. A new ingress dialect adds one line here. */
const groups: readonly EndpointGroupFactory[] = [
  healthEndpoints,
  openAiEndpoints,
  responsesEndpoints,
  geminiEndpoints,
  anthropicEndpoints,
];

/** Resolves a path to its endpoints. Stage lists per endpoint are listed in docs/architecture.md. */
export type EndpointLookup = (path: string) => EndpointMatch | undefined;

export function createEndpoints(
  config: PorticoConfig,
  routes: RouteTable,
  client: UpstreamClient,
  pricing: Pricing,
  phase: () => LifecyclePhase,
  governance: Governance<AdmitStage>,
): EndpointLookup {
  const authenticate = createAuthenticate(governance.state, governance.hash);
  const resolveRoute = createResolveRoute(routes);
  const authorizeRoute = createAuthorizeRoute(governance.state, config.server.directModelTenants);
  const admit = governance.admit;
  // The chat phases once the body is read; the order is checked by the compiler (pipeline/stage.ts).
  const chatAfterBody = <Start extends DecodeInput>(chain: Pipeline<Start>, dialect: ChatDialect) =>
    chain
      .then(createParseChatRequest(dialect))
      .then(resolveRoute)
      .then(authorizeRoute)
      .then(createCheckChoices(dialect.name))
      .then(admit)
      .then(createCallChat(dialect, client, pricing))
      .then(createRespondChat(dialect, pricing));
  const deps: EndpointDeps = {
    config,
    routes,
    client,
    pricing,
    authenticate,
    resolveRoute,
    authorizeRoute,
    admit,
    governance: governance.state,
    keyed: () => Pipeline.receive().then(authenticate),
    chat: (dialect) => chatAfterBody(Pipeline.receive().then(authenticate).readBody(), dialect),
    chatAfterBody: (dialect) => chatAfterBody(Pipeline.afterBody<DecodeInput>(), dialect),
    phase,
  };
  const built = groups.map((factory) => factory(deps));
  const applyCors = createApplyCors(config.server.cors, () => routes.routeCors());
  return (path) => {
    for (const group of built) {
      const match = group.match(path);
      if (match !== undefined) return applyCors(match);
    }
    return undefined;
  };
}
