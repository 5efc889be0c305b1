/** The bench key clients send as `Authorization: Bearer …`; not a secret. */
export const benchApiKey = 'bench-key-0123456789abcdef';

/**
 * Portico's config for the run, with every feature that applies to a healthy request on: API keys,
 * the access log at info, retries (idle unless a call fails) and the circuit breaker (always on).
 * Route `fast` passes through to the OpenAI fake; `claude-fast` translates to Anthropic.
 */
export function porticoBenchConfig(upstreamPort: number): string {
  const upstream = `http://127.0.0.1:${upstreamPort}`;
  return `server: { shutdown_grace_ms: 1000 }
logging: { level: info }
providers:
  - id: up
    type: openai-compatible
    base_url: ${upstream}/v1
  - id: claude
    type: anthropic
    api_key: bench-key-not-secret
    base_url: ${upstream}
models:
  - name: fast
    targets: [{ provider: up, model: bench-model }]
    retries: { attempts: 2 }
  - name: claude-fast
    targets: [{ provider: claude, model: claude-bench }]
    retries: { attempts: 2 }
keys:
  - name: bench
    key: ${benchApiKey}
`;
}
