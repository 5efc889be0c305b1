import type { PorticoConfig } from '../config/portico-config.js';
import type { LifecyclePhase } from '../core/lifecycle-phase.js';
import type { ChatDialect } from '../pipeline/chat-dialect.js';
import type { Governance } from '../governance/governance.js';
import type { Stage } from '../pipeline/stage.js';
import { createAuthenticate } from '../pipeline/stages/authenticate.js';
import { createCallChat } from '../pipeline/stages/call-chat.js';
import { createCheckChoices } from '../pipeline/stages/check-choices.js';
import { createParseChatRequest } from '../pipeline/stages/parse-chat-request.js';
import { createResolveRoute } from '../pipeline/stages/resolve-route.js';
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
  governance: Governance<Stage>,
): EndpointLookup {
  const authenticate = createAuthenticate(governance.state, governance.hash);
  const resolveRoute = createResolveRoute(routes, governance.state, config.server.directModelTenants);
  const admit = governance.admit;
  const deps: EndpointDeps = {
    config,
    routes,
    client,
    pricing,
    authenticate,
    resolveRoute,
    admit,
    governance: governance.state,
    chatStages: (dialect: ChatDialect) => [
      createParseChatRequest(dialect),
      resolveRoute,
      createCheckChoices(dialect.name),
      admit,
      createCallChat(dialect, client, pricing),
    ],
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
