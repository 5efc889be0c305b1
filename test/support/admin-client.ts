import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { AdminPlugin } from '../../src/control-plane/admin-context.js';
import { bootstrapAdmin } from '../../src/control-plane/bootstrap-admin.js';
import { startControlPlane } from '../../src/control-plane/start-control-plane.js';
import type { Role } from '../../src/storage/database-schema.js';
import { KeyHasher } from '../../src/storage/key-hasher.js';
import { openStore, type Store } from '../../src/storage/open-store.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { createLogger } from '../../src/telemetry/create-logger.js';
import { afterAll, beforeAll } from 'vitest';
import type { TestStoreTarget } from './test-stores.js';

/** One admin API answer: the status and the parsed JSON body (undefined when empty). */
export interface AdminResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON object from the admin API, for tests that do not spell out its type. */
export type JsonObject = Record<string, unknown>;

/** Calls the admin API as one signed-in user (or anonymously). Paths start with `/api/...`. */
export interface AdminClient {
  get: <T = JsonObject>(path: string) => Promise<AdminResponse<T>>;
  post: <T = JsonObject>(path: string, body?: unknown) => Promise<AdminResponse<T>>;
  put: <T = JsonObject>(path: string, body?: unknown) => Promise<AdminResponse<T>>;
  patch: <T = JsonObject>(path: string, body?: unknown) => Promise<AdminResponse<T>>;
  delete: <T = JsonObject>(path: string, body?: unknown) => Promise<AdminResponse<T>>;
  /** The user id (undefined for an anonymous client). */
  userId: string | undefined;
}

/** A control plane started on 127.0.0.1:0 over a fresh store, with a signed-in platform admin. */
export interface TestAdmin {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  store: Store;
  hasher: KeyHasher;
  secrets: SecretBox;
  /** The bootstrap platform admin (`admin`), signed in with a session cookie. */
  asAdmin: AdminClient;
  /** No credentials at all. */
  anonymous: AdminClient;
  /** Signs in and returns a client carrying the session cookie; throws when login fails. */
  login(username: string, password: string): Promise<AdminClient>;
  /** A client that sends `Authorization: Bearer <token>`. */
  withToken(token: string): AdminClient;
  /** Creates a tenant and its tenant admin (as platform admin) and signs that admin in. */
  createTenantWithAdmin(name: string): Promise<{ tenantId: string; client: AdminClient; username: string }>;
  /** Creates a user with `role` in `tenantId` (as platform admin) and signs them in. */
  createUser(tenantId: string, role: Exclude<Role, 'platform_admin'>): Promise<AdminClient>;
  /** How many times the control plane reported a change the data plane must see. */
  changes(): number;
  /** Everything the control plane logged, to check nothing secret was written. */
  rawLogs(): string;
  close(): Promise<void>;
}

/** The password every test user gets (the bootstrap admin's too). */
export const testPassword = 'correct-horse-battery';

/** Starts a control plane over `storeUrl` (see `storeTargets`), bootstraps and signs in `admin`. */
export async function startAdmin(
  storeUrl: string,
  extraRoutes: AdminPlugin[] = [],
): Promise<TestAdmin> {
  const store = await openStore(storeUrl);
  const masterKey = randomBytes(32);
  const hasher = new KeyHasher(masterKey);
  const secrets = new SecretBox(masterKey);
  let logs = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs += chunk.toString('utf8');
      callback();
    },
  });
  let changes = 0;
  await bootstrapAdmin(store, testPassword);
  const running = await startControlPlane({
    host: '127.0.0.1',
    port: 0,
    store,
    secrets,
    hasher,
    logger: createLogger('info', sink),
    changed: () => void changes++,
    extraRoutes,
  });
  const url = running.url;
  const login = async (username: string, password: string): Promise<AdminClient> => {
    const response = await fetch(`${url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = (await response.json()) as JsonObject;
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    if (response.status !== 200 || cookie === undefined) {
      throw new Error(`login as ${username} failed: ${response.status} ${JSON.stringify(body)}`);
    }
    return adminClient(url, { cookie }, String(body['id']));
  };
  const asAdmin = await login('admin', testPassword);
  let userCount = 0;
  const createUser = async (tenantId: string, role: Exclude<Role, 'platform_admin'>) => {
    const username = `${role}-${++userCount}-${randomBytes(3).toString('hex')}`;
    const created = await asAdmin.post('/api/admin/users', {
      username,
      password: testPassword,
      role,
      tenant_id: tenantId,
    });
    if (created.status !== 201)
      throw new Error(`creating ${username} failed: ${JSON.stringify(created.body)}`);
    return login(username, testPassword);
  };
  return {
    url,
    store,
    hasher,
    secrets,
    asAdmin,
    anonymous: adminClient(url, {}, undefined),
    login,
    withToken: (token) => adminClient(url, { authorization: `Bearer ${token}` }, undefined),
    createTenantWithAdmin: async (name) => {
      const tenant = await asAdmin.post('/api/admin/tenants', { name });
      if (tenant.status !== 201)
        throw new Error(`creating tenant ${name} failed: ${JSON.stringify(tenant.body)}`);
      const tenantId = String(tenant.body['id']);
      const client = await createUser(tenantId, 'tenant_admin');
      const me = await client.get('/api/admin/me');
      return { tenantId, client, username: String(me.body['username']) };
    },
    createUser,
    changes: () => changes,
    rawLogs: () => logs,
    close: async () => {
      await running.close();
      await store.close();
    },
  };
}

/** A client for `url` that sends `headers` (a cookie or an Authorization header) on every call. */
export function adminClient(
  url: string,
  headers: Record<string, string>,
  userId: string | undefined,
): AdminClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<AdminResponse<T>> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text === '' ? undefined : JSON.parse(text)) as T,
      headers: response.headers,
    };
  }
  return {
    userId,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    delete: (path, body) => call('DELETE', path, body),
  };
}

/**
 * Starts a control plane over a fresh `target` store before the enclosing describe's tests and
 * stops it (and drops the store) after them; does nothing when `skip`. Returns a getter.
 */
export function adminPerStore(
  target: TestStoreTarget,
  skip: boolean,
  extraRoutes: AdminPlugin[] = [],
): () => TestAdmin {
  let admin: TestAdmin | undefined;
  let drop = (): Promise<void> => Promise.resolve();
  beforeAll(async () => {
    if (skip) return;
    const created = await target.create();
    drop = () => created.drop();
    admin = await startAdmin(created.url, extraRoutes);
  });
  afterAll(async () => {
    await admin?.close();
    // pg-pool's end() resolves before its sockets close; dropping the database `with (force)` at
    // once would kill those backends and surface as an unhandled 57P01 error.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await drop();
  });
  return () => {
    if (admin === undefined) throw new Error('the control plane did not start');
    return admin;
  };
}
