/** One app of the `load` tenant: its name, its one API key and its policy lines (limits/budgets YAML). */
export interface LoadApp {
  name: string;
  key: string;
  /** Extra YAML lines of the app, indented 8 spaces, each ending in a newline; '' for none. */
  policy: string;
}

/**
 * A config for load tests: provider `openai-main` at the fake upstream, route `m` to gpt-4o, and
 * tenant `load` with the given apps, each with its own key.
 */
export function loadTenantConfig(upstreamBase: string, apps: readonly LoadApp[]): string {
  const appYaml = apps
    .map(
      ({ name, key, policy }) =>
        `      - name: ${name}\n        keys: [{ name: ${name}, key: ${key} }]\n${policy}`,
    )
    .join('\n');
  return `
providers:
  - { id: openai-main, type: openai, api_key: sk-test, base_url: "${upstreamBase}/v1" }
models:
  - { name: m, targets: [{ provider: openai-main, model: gpt-4o }] }
tenants:
  - name: load
    apps:
${appYaml}
`;
}
