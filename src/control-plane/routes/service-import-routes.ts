import type { JsonObject } from '../../core/chat.js';
import { importOpenApi, OpenApiError } from '../../openapi/import-openapi.js';
import { servedDocument } from '../../openapi/served-document.js';
import type { AdminApp, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { loadVisibleService, type ServiceView } from '../apply/service-view.js';
import { fetchOpenApiDocument } from '../fetch-openapi-document.js';
import { serviceSchemas, type ImportServiceBody } from './service-schemas.js';
import { storeNewService } from './store-new-service.js';

/** OpenAPI in and out: create a service from a document, and serve a service's document. */
export function serviceImportRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  app.post('/api/admin/services/import', { schema: serviceSchemas.import }, async (request, reply) => {
    return reply.status(201).send(await importService(deps, deps.principal(request), request.body));
  });
  app.get('/api/admin/services/:id/openapi', { schema: serviceSchemas.openapi }, (request) =>
    serviceDocument(deps, deps.principal(request), request.params.id),
  );
}

async function importService(
  deps: AdminRouteDeps,
  principal: Principal,
  body: ImportServiceBody,
): Promise<ServiceView> {
  const { document, url, name, base_path, upstream_url, ...governance } = body;
  if ((document === undefined) === (url === undefined)) {
    throw new AdminError(
      'invalid_request',
      "Invalid 'document': send either `document` or `url`, not both or neither.",
    );
  }
  const text =
    document === undefined
      ? await fetchOpenApiDocument(url ?? '', deps.webhookTargets)
      : typeof document === 'string'
        ? document
        : JSON.stringify(document);
  let imported;
  try {
    imported = importOpenApi(text, {
      ...(name === undefined ? {} : { name }),
      ...(base_path === undefined ? {} : { basePath: base_path }),
      ...(upstream_url === undefined ? {} : { upstreamUrl: upstream_url }),
    });
  } catch (error) {
    if (error instanceof OpenApiError) {
      throw new AdminError(
        'invalid_request',
        `Invalid '${url === undefined ? 'document' : 'url'}': ${error.message}.`,
      );
    }
    throw error;
  }
  return storeNewService(
    deps,
    principal,
    {
      ...governance,
      name: imported.name,
      spec: imported.spec,
      description: governance.description ?? imported.description,
      openapi: imported.document,
    },
    'service.import',
  );
}

/**
 * The document as the portal shows it: Portico's data-plane address as the server, the service's
 * consumer auth as its security. Visible to whoever may see the service.
 */
async function serviceDocument(deps: AdminRouteDeps, principal: Principal, id: string): Promise<JsonObject> {
  const service = await loadVisibleService(deps.store.db, principal, id);
  if (service.openapi === null) {
    throw new AdminError('not_found', `Service ${service.name} has no OpenAPI document.`);
  }
  return servedDocument(service.openapi, {
    serverUrl: deps.dataPlaneOrigin,
    basePath: service.spec.base_path,
    auth: service.spec.auth,
  });
}
