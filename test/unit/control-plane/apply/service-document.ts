/** A document with every section of the declarative format, and the secrets its references name. */
export const serviceDocument = `
providers:
  - id: openai-main
    type: openai
    api_key: \${OPENAI_API_KEY}
  - id: local
    type: openai-compatible
    base_url: http://127.0.0.1:11434/v1
    headers:
      Authorization: \${LOCAL_AUTH}
      X-Team: blue
    public_headers: [X-Team]
models:
  - name: gpt-4o
    targets: [{ provider: openai-main, model: gpt-4o }]
  - name: team-model
    tenant: team-a
    visibility: private
    requires_approval: true
    description: Team A's local model
    targets:
      - { provider: local, model: llama }
    limits: { requests_per_minute: 100 }
keys:
  - name: dev
    key: \${DEV_KEY}
tenants:
  - name: team-a
    display_name: Team A
    limits: { requests_per_minute: 600, tokens_per_minute: 100000 }
    budgets: [{ period: month, limit_usd: 100 }]
    apps:
      - name: bot
        description: Chat bot
        limits: { concurrent: 5 }
        budgets: [{ period: day, limit_usd: 5, soft_ratio: 0.5, webhook_url: "https://hooks.example/alert" }]
        subscriptions: [gpt-4o, team-model]
        keys:
          - name: bot-key
            key: \${BOT_KEY}
`;

export const serviceEnv = {
  OPENAI_API_KEY: 'sk-openai-SECRET-1111',
  LOCAL_AUTH: 'Bearer local-SECRET-2222',
  DEV_KEY: 'pk-dev-SECRET-3333-abcdef',
  BOT_KEY: 'pk-bot-SECRET-4444-abcdef',
};
