import type { JsonObject } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { Caller } from '../../governance/governance-snapshot.js';
import type { GovernanceState } from '../../governance/governance-state.js';
import type { RouteTable } from '../../routing/route-table.js';

// What every route can do through this dialect.
const methods = ['generateContent', 'streamGenerateContent', 'countTokens'];

/**
 * `GET /v1beta/models` and `GET /v1beta/models/{model}` in Gemini's shape; the models are the
 * declared routes. All routes fit on one page, so no `nextPageToken` is sent.
 * https://ai.google.dev/api/models#method:-models.list
 */
export class GeminiModels {
  constructor(
    private readonly routes: RouteTable,
    private readonly governance: GovernanceState,
  ) {}

  /** The routes this caller may call (not another tenant's private ones, only what its allow-lists name). */
  list(caller: Caller | undefined): JsonObject {
    return {
      models: this.routes
        .names()
        .filter((name) => this.governance.routeListed(name, caller))
        .map(describe),
    };
  }

  get(name: string, caller: Caller | undefined): JsonObject {
    const id = name.startsWith('models/') ? name.slice('models/'.length) : name;
    if (!this.routes.has(id) || !this.governance.routeListed(id, caller))
      throw new GatewayError('model_not_found', `The model '${id}' does not exist.`, { param: 'model' });
    return describe(id);
  }
}

function describe(id: string): JsonObject {
  return {
    name: `models/${id}`,
    baseModelId: id,
    version: '1',
    displayName: id,
    description: `Portico route '${id}'.`,
    supportedGenerationMethods: methods,
  };
}
