import type { JsonObject } from '../core/chat.js';
import { GatewayError } from '../core/gateway-error.js';
import type { RouteTable } from '../routing/route-table.js';

/** `GET /v1/models` and `GET /v1/models/{id}` in OpenAI's shape; the models are the declared routes. */
export class ModelsHandler {
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(private readonly routes: RouteTable) {}

  list(): JsonObject {
    return { object: 'list', data: this.routes.names().map((name) => this.model(name)) };
  }

  get(id: string): JsonObject {
    if (!this.routes.has(id))
      throw new GatewayError('model_not_found', `The model '${id}' does not exist.`, { param: 'model' });
    return this.model(id);
  }

  private model(id: string): JsonObject {
    return { id, object: 'model', created: this.created, owned_by: 'portico' };
  }
}
