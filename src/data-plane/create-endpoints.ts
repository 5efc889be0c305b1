import type { PorticoConfig } from '../config/portico-config.js';
import type { LifecyclePhase } from '../core/lifecycle-phase.js';
import type { ChatDialect } from '../pipeline/dialect/chat-dialect.js';
import type { GovernanceState } from '../pipeline/governance-state.js';
import type { Stage } from '../pipeline/stage.js';
import { createAuthenticate } from '../pipeline/phases/authenticate.js';
import { createCallChat } from '../pipeline/phases/call-chat.js';
import { createCheckChoices } from '../pipeline/phases/check-choices.js';
import { createParseChatRequest } from '../pipeline/phases/parse-chat-request.js';
import { createResolveRoute } from '../pipeline/phases/resolve-route.js';
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

/** What the data plane checks callers with: the store's snapshot and the policy stage. */
export interface Governance {
  state: GovernanceState;
  /** The store's HMAC of a presented key. */
  hash: (secret: string) => string;
  /** Limits and budgets: reserves before the call (settled when the request finishes). */
  admit: Stage;
}

/** Resolves a path to its endpoints. Stage lists per endpoint are listed in docs/architecture.md. */
export type EndpointLookup = (path: string) => EndpointMatch | undefined;

export function createEndpoints(
  config: PorticoConfig,
  routes: RouteTable,
  client: UpstreamClient,
  pricing: Pricing,
  phase: () => LifecyclePhase,
  governance: Governance,
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
