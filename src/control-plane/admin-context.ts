import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../storage/database-schema.js';
import type { KeyHasher } from '../storage/key-hasher.js';
import type { Store } from '../storage/open-store.js';
import type { Db } from '../storage/repositories/db.js';
import type { SecretBox } from '../storage/secret-box.js';
import type { LoginThrottle } from './login-throttle.js';
import type { WebhookTargetPolicy } from '../policy/webhook-target-policy.js';

/** The Fastify instance of the control plane, typed by TypeBox route schemas. */
export type AdminApp = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Who is calling the admin API, resolved from a session cookie or an admin token. */
export interface Principal {
  userId: string;
  username: string;
  role: Role;
  /** The user's tenant; null for platform admins. */
  tenantId: string | null;
  via: 'session' | 'token';
  /** Credential id (session or token), for the audit log. */
  credentialId: string;
  /** The user's password is a generated or reset one: only GET /me, PUT /me/password and logout answer. */
  mustChangePassword: boolean;
}

/** One audited change or event. `before`/`after` are plain objects; secrets are masked by the writer. */
export interface AuditEntry {
  /** Who acted; `anonymous` for a failed sign-in, `cli` for `portico admin reset-password`. */
  actor: Principal | 'system' | 'cli-apply' | 'cli' | 'anonymous';
  action: string;
  targetType: string;
  targetId: string;
  tenantId: string | null;
  before: object | null;
  after: object | null;
}

/** What every admin route module receives. */
export interface AdminRouteDeps {
  store: Store;
  secrets: SecretBox;
  hasher: KeyHasher;
  /** Where budget webhooks may be sent: checked when a budget's `webhook_url` is set. */
  webhookTargets: WebhookTargetPolicy;
  /** The authenticated caller; routes run behind the auth hook, so it is always there. */
  principal(request: FastifyRequest): Principal;
  /** Writes audit entries inside the same transaction as the change (pass the transaction). */
  audit(db: Db, entry: AuditEntry): Promise<void>;
  /** Called after a committed change that the data plane must see (keys, routes, limits, ...). */
  changed(): void;
  /**
   * Where clients reach the data plane (`http://127.0.0.1:8080`, no trailing slash): the server
   * URL of the OpenAPI documents services serve.
   */
  dataPlaneOrigin: string;
  /** Failed sign-ins per username and client address, shared by every login of this control plane. */
  loginThrottle: LoginThrottle;
}

/**
 * The routes of one resource as a Fastify plugin, registered with `app.register(plugin, deps)`:
 * `routes/tenant-routes.ts` exports `tenantRoutes`. Its handlers are named functions, its schemas
 * sit apart from them, and its SQL lives in `storage/repositories/`, never in the route file.
 */
export type AdminPlugin = (app: AdminApp, deps: AdminRouteDeps) => void | Promise<void>;
