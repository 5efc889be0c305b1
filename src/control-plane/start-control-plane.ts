import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { newRequestId } from '../core/ids.js';
import type { LifecyclePhase } from '../core/lifecycle-phase.js';
import type { KeyHasher } from '../storage/key-hasher.js';
import type { Store } from '../storage/open-store.js';
import type { SecretBox } from '../storage/secret-box.js';
import type { Logger } from '../telemetry/create-logger.js';
import type { AdminApp, AdminPlugin, AdminRouteDeps, Principal } from './admin-context.js';
import { AdminError } from './admin-error.js';
import { adminErrorReply } from './admin-error-reply.js';
import { adminRouteModules } from './admin-route-modules.js';
import { authenticateAdmin } from './authenticate-admin.js';
import { checkCrossSiteWrite, checkJsonContentType } from './check-cross-site-write.js';
import { buildAdminValidator } from './build-admin-validator.js';
import { formatValidationErrors } from './format-validation-errors.js';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle.js';
import { serveWebApp } from './serve-web-app.js';
import { sessionCookieName } from './session-cookie.js';
import { writeAudit } from './write-audit.js';
import { WebhookTargetPolicy } from '../policy/webhook-target-policy.js';

/** What the control plane needs to start. */
export interface ControlPlaneOptions {
  /** Interface to listen on (`127.0.0.1` keeps the admin API off the network). */
  host: string;
  /** Port; 0 picks a free one (see the returned `port`). */
  port: number;
  store: Store;
  /** Seals provider secrets at rest. */
  secrets: SecretBox;
  /** Hashes API keys, admin tokens and session ids. */
  hasher: KeyHasher;
  /** Where budget webhooks may be sent; absent: public addresses only. */
  webhookTargets?: WebhookTargetPolicy;
  logger: Logger;
  /** Where the whole process is in its life, for /healthz and /readyz; absent: ready once listening. */
  phase?: () => LifecyclePhase;
  /** Called after a committed change the data plane must pick up (keys, apps, tenants, routes, ...). */
  changed: () => void;
  /**
   * Limits on failed sign-ins; absent: 10 per username from one address and 50 per address
   * refused, 10 per username from everywhere slowed, in 15 minutes.
   */
  loginThrottle?: LoginThrottleOptions;
  /**
   * Origins (`https://console.example.com`) besides the admin API's own whose browser pages may
   * make cookie-authenticated writes (`control_plane.allowed_origins`). Absent: none.
   */
  allowedOrigins?: readonly string[];
  /** Where clients reach the data plane (see AdminRouteDeps); default `http://127.0.0.1:8080`. */
  dataPlaneOrigin?: string;
  /**
   * Routes and hooks (tests, metrics, the reload wait) applied to the root instance before the
   * resource plugins, so the hooks they add cover every admin route.
   */
  extraRoutes?: AdminPlugin[];
}

/** A running control plane. */
export interface RunningControlPlane {
  port: number;
  /** `http://host:port`, without a trailing slash. */
  url: string;
  app: AdminApp;
  close(): Promise<void>;
}

/** Routes under /api/admin that answer without a credential. */
const publicAdminRoutes = new Set(['/api/admin/login']);

/** What a user whose password must change may still do (`GET /api/admin/me` too). */
const passwordChangeRoutes = new Set(['/api/admin/me', '/api/admin/me/password', '/api/admin/logout']);

/**
 * Starts the admin API (its own port): Fastify with TypeBox schemas, the OpenAPI 3.1 document at
 * /api/docs/json and Swagger UI at /api/docs, /healthz and /readyz, and every admin route module
 * behind the session/token check. See docs/admin-api.md.
 */
export async function startControlPlane(options: ControlPlaneOptions): Promise<RunningControlPlane> {
  const logger = options.logger.child({ component: 'control-plane' });
  const app: AdminApp = Fastify<Server, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: logger,
    // Fastify's own request lines would carry headers; one line per response is written below.
    // Ids and their label as the data plane's: unique across restarts, so a log search finds one request.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    // Always Portico's own, as on the data plane: a client's id could collide with another's.
    genReqId: () => newRequestId(),
    bodyLimit: 1024 * 1024,
    // Bodies are validated as sent, query strings and params are coerced; see buildAdminValidator.
    schemaController: { compilersFactory: { buildValidator: buildAdminValidator } },
    schemaErrorFormatter: formatValidationErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandling(app);
  app.addHook('onRoute', assertBodyDeclaresAdditionalProperties);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Portico admin API', version: '1', description: 'See docs/admin-api.md.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An admin token (`pat-…`).' },
          session: { type: 'apiKey', in: 'cookie', name: sessionCookieName },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const principals = new WeakMap<FastifyRequest, Principal>();
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((origin) => origin.toLowerCase()));
  // Fastify parses text/plain by default: a cross-site page can post it without a preflight.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    if (route === undefined) return;
    checkJsonContentType(request);
    if (!route.startsWith('/api/admin') && route !== '/metrics') return;
    const principal = publicAdminRoutes.has(route)
      ? undefined
      : await authenticateAdmin(options.store, options.hasher, request);
    if (principal?.via !== 'token') checkCrossSiteWrite(request, allowedOrigins);
    if (principal === undefined) return;
    if (principal.mustChangePassword && !passwordChangeRoutes.has(route)) {
      throw new AdminError(
        'password_change_required',
        'This password is one-time: change it first with PUT /api/admin/me/password {"current", "new"}.',
      );
    }
    principals.set(request, principal);
  });

  const deps: AdminRouteDeps = {
    store: options.store,
    secrets: options.secrets,
    hasher: options.hasher,
    webhookTargets: options.webhookTargets ?? new WebhookTargetPolicy(),
    principal: (request) => {
      const principal = principals.get(request);
      if (principal === undefined) throw new AdminError('unauthenticated', 'Sign in first.');
      return principal;
    },
    audit: writeAudit,
    changed: options.changed,
    loginThrottle: new LoginThrottle(options.loginThrottle),
    dataPlaneOrigin: options.dataPlaneOrigin ?? 'http://127.0.0.1:8080',
  };
  registerHealthRoutes(app, options.store, options.phase ?? (() => 'ready'));
  for (const extra of options.extraRoutes ?? []) await extra(app, deps);
  // Awaited one by one: plugins load in list order, which is the order of the OpenAPI document.
  for (const plugin of adminRouteModules) await app.register(plugin, deps);
  await app.register(serveWebApp);

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { port: address.port, url: `http://${host}:${address.port}`, app, close: () => app.close() };
}

/**
 * Refuses at startup a body object schema that leaves `additionalProperties` unsaid, so a new route
 * cannot silently accept (and ignore) misspelt fields; use `BodyObject` from admin-schemas.ts.
 */
function assertBodyDeclaresAdditionalProperties(route: RouteOptions): void {
  const body: unknown = route.schema?.body;
  if (typeof body !== 'object' || body === null || !('type' in body) || body.type !== 'object') return;
  if (!('additionalProperties' in body)) {
    throw new Error(
      `The body schema of ${String(route.method)} ${route.url} must declare additionalProperties (use BodyObject).`,
    );
  }
}

function installErrorHandling(app: AdminApp): void {
  app.setErrorHandler(async (error, request, reply) => {
    const answer = adminErrorReply(error);
    if (answer.unexpected)
      request.log.error({ err: error, route: request.routeOptions.url }, 'admin request failed');
    return reply.status(answer.status).headers(answer.headers).send(answer.body);
  });
  app.setNotFoundHandler(async (request, reply) => {
    return reply.status(404).send({
      error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` },
    });
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // The data plane's access-line shape (requestId, method, path, status, durationMs) plus the route.
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        route: request.routeOptions.url,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
      },
      'admin request',
    );
  });
}

/** The probes, answering as the data plane's do (docs/operations.md, "Health and readiness"). */
function registerHealthRoutes(app: AdminApp, store: Store, phase: () => LifecyclePhase): void {
  const Health = Type.Object({ status: Type.String() });
  app.get('/healthz', { schema: { tags: ['health'], security: [], response: { 200: Health } } }, () => {
    const now = phase();
    return Promise.resolve({ status: now === 'ready' ? 'ok' : now });
  });
  app.get(
    '/readyz',
    { schema: { tags: ['health'], security: [], response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      const now = phase();
      if (now !== 'ready') return reply.status(503).send({ status: now });
      try {
        await sql`select 1`.execute(store.db);
        return { status: 'ready' };
      } catch {
        return reply.status(503).send({ status: 'store unreachable' });
      }
    },
  );
}
