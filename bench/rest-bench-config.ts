import { benchApiKey } from './portico-bench-config.js';

/** The base path of the bench's REST service on Portico; the other targets serve the fake at `/`. */
export const restBasePath = '/shop';

/**
 * Portico's config for the REST scenario: one published REST service in front of the fake REST
 * upstream, called with the bench API key (key auth), with request limits on the tenant, the app
 * and the service far above what the run sends (counted on every call, never refusing one), and
 * the call log on (it always is). The control plane is off; the file's resources go to the store.
 */
export function restBenchConfig(options: { upstreamPort: number; storageUrl: string }): string {
  return `server: { shutdown_grace_ms: 1000, max_body_mb: 200 }
storage: { url: "${options.storageUrl}" }
control_plane: { enabled: false }
logging: { level: info }
tenants:
  - name: bench
    limits: { requests_per_minute: 100000000 }
    apps:
      - name: bench
        limits: { requests_per_minute: 100000000 }
        keys: [{ name: bench, key: ${benchApiKey} }]
services:
  - name: shop
    visibility: shared
    lifecycle: published
    requires_approval: false
    limits: { requests_per_minute: 100000000 }
    base_path: ${restBasePath}
    routes: [{ path: /* }]
    upstream: { nodes: [{ url: "http://127.0.0.1:${options.upstreamPort}" }] }
`;
}
