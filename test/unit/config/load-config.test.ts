import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfig } from '../../../src/config/load-config.js';

const write = (yaml: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'portico-config-')), 'portico.yaml');
  writeFileSync(file, yaml);
  return file;
};

const issueExample = `
providers:
  - id: openai-main
    type: openai
    api_key: \${OPENAI_API_KEY}
  - id: claude
    type: anthropic
    api_key: \${ANTHROPIC_API_KEY}
  - id: local
    type: openai-compatible
    base_url: http://127.0.0.1:11434/v1
models:
  - name: gpt-4o
    targets: [{ provider: openai-main, model: gpt-4o }]
  - name: smart
    targets:
      - { provider: claude, model: claude-sonnet-4-5 }
      - { provider: openai-main, model: gpt-4o }
keys:
  - name: dev
    key: \${PORTICO_DEV_KEY}
`;
const env = {
  OPENAI_API_KEY: 'sk-o',
  ANTHROPIC_API_KEY: 'sk-a: with # yaml chars',
  PORTICO_DEV_KEY: 'pk-0123456789abcdef',
};

function problem(yaml: string, environment: Record<string, string> = env): string {
  try {
    loadConfig({ file: write(yaml), env: environment });
  } catch (error) {
    if (error instanceof ConfigError) return `${error.path} | ${error.problem}`;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads the documented example with secrets from the environment', () => {
    const config = loadConfig({ file: write(issueExample), env });
    expect(config.providers.map((provider) => [provider.id, provider.baseUrl])).toEqual([
      ['openai-main', 'https://api.openai.com/v1'],
      ['claude', 'https://api.anthropic.com'],
      ['local', 'http://127.0.0.1:11434/v1'],
    ]);
    expect(config.providers[1]?.apiKey).toBe('sk-a: with # yaml chars');
    expect(config.models[1]?.targets).toHaveLength(2);
    expect(config.keys).toEqual([{ name: 'dev', key: 'pk-0123456789abcdef' }]);
    expect(config.server).toMatchObject({ port: 8080, maxBodyBytes: 32 * 1024 * 1024 });
  });

  it('starts with defaults and no providers when there is no file', () => {
    const config = loadConfig({ env: {} });
    expect(config.providers).toEqual([]);
    expect(config.source).toBeUndefined();
    expect(config.logging).toEqual({ level: 'info', accessFlushMs: 20 });
  });

  it('reads logging.access_flush_ms (0 writes access lines at the end of each event-loop turn)', () => {
    const config = loadConfig({ file: write('logging: { level: warn, access_flush_ms: 0 }'), env });
    expect(config.logging).toEqual({ level: 'warn', accessFlushMs: 0 });
  });

  it('reads the request-body settings: budget of bodies in flight and lingering after early answers', () => {
    const mib = 1024 * 1024;
    expect(loadConfig({ env: {} }).server).toMatchObject({
      maxBodiesInFlightBytes: 256 * mib,
      lingeringTimeMs: 5_000,
      lingeringMaxBytes: 64 * mib,
    });
    // The default budget always holds one largest body.
    expect(
      loadConfig({ file: write('server: { max_body_mb: 512 }'), env }).server.maxBodiesInFlightBytes,
    ).toBe(512 * mib);
    const file = write(
      'server: { max_body_mb: 1, max_bodies_in_flight_mb: 2, lingering_time_ms: 0, lingering_max_mb: 0.5 }',
    );
    expect(loadConfig({ file, env }).server).toMatchObject({
      maxBodiesInFlightBytes: 2 * mib,
      lingeringTimeMs: 0,
      lingeringMaxBytes: 0.5 * mib,
    });
    expect(() =>
      loadConfig({ file: write('server: { max_body_mb: 8, max_bodies_in_flight_mb: 4 }'), env }),
    ).toThrow(/server\.max_bodies_in_flight_mb.*at least server\.max_body_mb/);
  });

  it('names the file in every error', () => {
    const file = write('providers: [');
    expect(() => loadConfig({ file, env })).toThrow(file);
    expect(() => loadConfig({ file: '/nonexistent/portico.yaml', env })).toThrow(
      /nonexistent\/portico.yaml: cannot read file \(ENOENT\)/,
    );
  });

  it.each([
    [
      'a missing environment variable',
      issueExample,
      { ...env, ANTHROPIC_API_KEY: '' },
      'providers[1].api_key | environment variable ANTHROPIC_API_KEY is not set',
    ],
    [
      'an unknown provider type',
      'providers: [{ id: x, type: nope }]',
      env,
      "providers[0].type | unknown provider type 'nope'",
    ],
    [
      'a missing api key',
      'providers: [{ id: x, type: groq }]',
      env,
      "providers[0].api_key | is required for type 'groq'",
    ],
    [
      'a missing base url',
      'providers: [{ id: x, type: azure, api_key: k }]',
      env,
      "providers[0].base_url | is required for type 'azure'",
    ],
    [
      'a base url that is not http',
      'providers: [{ id: x, type: vllm, base_url: "ftp://x" }]',
      env,
      'providers[0].base_url | must be an http',
    ],
    [
      'a duplicate provider id',
      'providers: [{ id: x, type: vllm }, { id: x, type: vllm }]',
      env,
      "providers[1].id | duplicate id 'x'",
    ],
    [
      'a target on an undeclared provider',
      'models: [{ name: m, targets: [{ provider: ghost, model: g }] }]',
      env,
      "models[0].targets[0].provider | unknown provider 'ghost'",
    ],
    ['a misspelt field', 'server: { prot: 80 }', env, 'server.prot | is not a known field'],
    ['a port of the wrong type', 'server: { port: eighty }', env, 'server.port | must be integer'],
    ['a short key', 'keys: [{ name: k, key: short }]', env, 'keys[0].key | must'],
    [
      'a negative access-log flush delay',
      'logging: { access_flush_ms: -1 }',
      env,
      'logging.access_flush_ms | must be an integer from 0 to 10000',
    ],
  ])('rejects %s', (_name, yaml, environment, expected) => {
    expect(problem(yaml, environment)).toContain(expected);
  });

  it('reports every problem of a file at once, not only the first', () => {
    const file = write(`
server: { port: eighty }
logging: { levle: debug }
keys: [{ name: k, key: "\${UNSET_KEY}" }]
`);
    let error: unknown;
    try {
      loadConfig({ file, env: {} });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = error instanceof ConfigError ? error.problems : [];
    expect(problems.map((item) => `${item.path} | ${item.problem}`)).toEqual([
      'keys[0].key | environment variable UNSET_KEY is not set',
      'server.port | must be integer',
      'logging.levle | is not a known field',
    ]);
    expect(error instanceof Error ? error.message : '').toBe(
      [
        `${file}: 3 problems:`,
        '  - keys[0].key: environment variable UNSET_KEY is not set',
        '  - server.port: must be integer',
        '  - logging.levle: is not a known field',
      ].join('\n'),
    );
  });

  it('reports every semantic problem at once once the shape is valid', () => {
    const file = write(`
providers:
  - { id: a, type: nope }
  - { id: b, type: groq }
  - { id: b, type: vllm }
models:
  - { name: m, targets: [{ provider: ghost, model: g }] }
`);
    let problems: readonly { path: string; problem: string }[] = [];
    try {
      loadConfig({ file, env: {} });
    } catch (thrown) {
      if (thrown instanceof ConfigError) problems = thrown.problems;
    }
    expect(problems.map((item) => item.path)).toEqual([
      'providers[0].type',
      'providers[1].api_key',
      'providers[2].id',
      'models[0].targets[0].provider',
    ]);
  });

  it('supports ${VAR:-default}', () => {
    const config = loadConfig({ file: write('server: { host: "${HOST:-127.0.0.1}" }'), env: {} });
    expect(config.server.host).toBe('127.0.0.1');
  });

  it('keeps direct model names off unless turned on, and reads the tenants granted them', () => {
    expect(loadConfig({ env: {} }).server).toMatchObject({
      directModelAccess: false,
      directModelTenants: [],
    });
    const on = loadConfig({
      file: write('server: { direct_model_access: true, direct_model_tenants: [team-a] }'),
      env,
    });
    expect(on.server).toMatchObject({ directModelAccess: true, directModelTenants: ['team-a'] });
  });

  it("refuses route names outside the safe set, or under a provider's id", () => {
    const provider = 'providers: [{ id: oai, type: openai, api_key: k }]\n';
    expect(problem(`${provider}models: [{ name: "a b", targets: [{ provider: oai, model: m }] }]`)).toMatch(
      /^models\[0\]\.name \| /,
    );
    expect(problem(`${provider}models: [{ name: oai/gpt-4o, targets: [{ provider: oai, model: m }] }]`)).toBe(
      "models[0].name | 'oai/gpt-4o' would shadow the direct names of provider 'oai'; choose a name that does not start with 'oai/'",
    );
    expect(problem('keys: [{ name: k, key: 0123456789abcdef, allowed_models: ["x y"] }]')).toMatch(
      /^keys\[0\]\.allowed_models/,
    );
  });
});
