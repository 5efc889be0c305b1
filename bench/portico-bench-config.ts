/** The bench key clients send as `Authorization: Bearer …`; not a secret. */
export const benchApiKey = 'bench-key-0123456789abcdef';

/** A fixed master key (64 hex chars) so Portico never writes ./data/master.key; not a secret. */
export const benchMasterKey = 'b'.repeat(64);

/** How a Portico instance of the run is set up. */
export interface PorticoBenchConfigOptions {
  upstreamPort: number;
  /** The instance's own store, e.g. `sqlite:/tmp/portico-bench-x/portico/portico.db`. */
  storageUrl: string;
  /**
   * true: tenant `bench` with app `bench`, an API key, request and token limits on tenant and app, a
   * daily budget on both (so every call reserves and settles cost). false: no keys at all (open).
   */
  governance: boolean;
}

/**
 * Portico's config for the run, with every feature that applies to a healthy request on: the store,
 * the batched call log, API keys (tenant `bench`, app `bench`), rate limits (requests and tokens per
 * minute) and daily budgets on tenant and app, the access log at info, retries (idle unless a call
 * fails) and the circuit breaker (always on). Limits and budgets are set far above what the run
 * sends, so they are checked and counted on every call but never refuse one.
 * Route `fast` passes through to the OpenAI fake as `gpt-4o`; `claude-fast` translates to Anthropic as
 * `claude-3-5-haiku-20241022`: both have catalogue prices, so budgets reserve and cost is computed.
 * The control plane (admin API) is off: the tenants section is applied to the store at start.
 */
export function porticoBenchConfig(options: PorticoBenchConfigOptions): string {
  const upstream = `http://127.0.0.1:${options.upstreamPort}`;
  const base = `server: { shutdown_grace_ms: 1000 }
storage: { url: "${options.storageUrl}" }
control_plane: { enabled: false }
logging: { level: info }
providers:
  - id: up
    type: openai
    api_key: bench-key-not-secret
    base_url: ${upstream}/v1
  - id: claude
    type: anthropic
    api_key: bench-key-not-secret
    base_url: ${upstream}
models:
  - name: fast
    targets: [{ provider: up, model: gpt-4o }]
    retries: { attempts: 2 }
  - name: claude-fast
    targets: [{ provider: claude, model: claude-3-5-haiku-20241022 }]
    retries: { attempts: 2 }
`;
  if (!options.governance) return base;
  return `${base}tenants:
  - name: bench
    limits: { requests_per_minute: 100000000, tokens_per_minute: 100000000000 }
    budgets: [{ period: day, limit_usd: 1000000 }]
    apps:
      - name: bench
        limits: { requests_per_minute: 100000000, tokens_per_minute: 100000000000 }
        budgets: [{ period: day, limit_usd: 1000000 }]
        keys: [{ name: bench, key: ${benchApiKey} }]
`;
}
