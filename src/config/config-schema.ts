import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { httpServiceSpecSchema } from './http-service-schema.js';
import { routeSpecProperties } from './route-spec-schema.js';

/**
 * A route name: printable ASCII without spaces, starting with a letter or digit, at most 128
 * characters. Names reach logs, metrics and headers, so nothing else is accepted (docs/routing.md).
 */
export const routeNamePattern = '^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}$';

/** The name clients send to call a route, as config files and the admin API accept it. */
export const routeNameSchema = Type.String({
  pattern: routeNamePattern,
  description:
    'The model name clients send: letters, digits and . _ : / @ + -, starting with a letter or digit, at most 128 characters.',
});

/**
 * Model names a key or app may call (routes, or `<provider>/<model>` direct names); null or
 * absent: no restriction beyond subscriptions. See docs/routing.md#model-allow-lists.
 */
export const allowedModelsSchema = Type.Union([
  Type.Array(routeNameSchema, { maxItems: 500, uniqueItems: true }),
  Type.Null(),
]);

const milliseconds = (description: string) => Type.Optional(Type.Integer({ minimum: 1, description }));
const usdPerMillion = (description: string) => Type.Number({ minimum: 0, description });

/** Prices of one model in USD per 1M tokens, as an admin sets them (see docs/catalog.md). */
export const modelPricesSchema = Type.Object(
  {
    input: usdPerMillion('Uncached input tokens.'),
    output: usdPerMillion('Output tokens (reasoning included unless `reasoning` is set).'),
    cached_input: Type.Optional(
      usdPerMillion('Input tokens read from the prompt cache; `input` when absent.'),
    ),
    cache_write: Type.Optional(
      usdPerMillion('Input tokens written to the prompt cache; `input` when absent.'),
    ),
    reasoning: Type.Optional(usdPerMillion('Reasoning tokens, where priced apart from output.')),
  },
  { additionalProperties: false },
);

/** One `providers` entry: an upstream account. Secret fields are sealed when stored (see docs/services-and-config-as-code.md). */
export const providerSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9][\\w.-]*$', description: 'Unique provider id.' }),
    type: Type.String({ minLength: 1, description: 'Provider type, e.g. openai, anthropic, gemini, groq.' }),
    api_key: Type.Optional(Type.String({ description: 'Credential; use ${ENV_VAR}.' })),
    api_keys: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        description: 'Several credentials, load-balanced; one answering 429 cools down.',
      }),
    ),
    base_url: Type.Optional(
      Type.String({ minLength: 1, description: 'Upstream base URL; the type default when absent.' }),
    ),
    api_version: Type.Optional(
      Type.String({ minLength: 1, description: 'Azure api-version / anthropic-version.' }),
    ),
    headers: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description:
          'Extra headers on every call; secret (sealed, never answered) unless listed in public_headers.',
      }),
    ),
    public_headers: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description:
          'Names of headers whose values are not secret: shown by the admin API and exported as is.',
      }),
    ),
    region: Type.Optional(Type.String({ minLength: 1, description: 'Cloud region (AWS Bedrock).' })),
    aws_access_key_id: Type.Optional(Type.String({ description: 'AWS access key id; use ${ENV_VAR}.' })),
    aws_secret_access_key: Type.Optional(Type.String({ description: 'AWS secret key; use ${ENV_VAR}.' })),
    aws_session_token: Type.Optional(
      Type.String({ description: 'AWS session token, for temporary credentials.' }),
    ),
    project: Type.Optional(
      Type.String({ minLength: 1, description: 'Google Cloud project id (Vertex AI).' }),
    ),
    location: Type.Optional(Type.String({ minLength: 1, description: 'Google Cloud location (Vertex AI).' })),
    service_account_file: Type.Optional(
      Type.String({ minLength: 1, description: 'Path of a Google service-account key file (JSON).' }),
    ),
    service_account_json: Type.Optional(
      Type.String({ minLength: 1, description: 'A Google service-account key (JSON text); use ${ENV_VAR}.' }),
    ),
    prices: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 200 }), modelPricesSchema, {
        description:
          "Prices by upstream model id, overriding the catalogue; '*' prices every other model of this provider.",
      }),
    ),
    timeouts: Type.Optional(
      Type.Object(
        {
          connect_ms: milliseconds('TCP+TLS connect timeout.'),
          first_byte_ms: milliseconds('Time allowed until response headers arrive.'),
          idle_ms: milliseconds('Longest silence allowed between body chunks.'),
          total_ms: milliseconds('Whole-call ceiling.'),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Rate limits and request quotas of a tenant, app, key or route; an absent field means no limit of that kind. */
export const limitsSchema = Type.Object(
  {
    requests_per_second: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Requests per second (sliding one-second window).' }),
    ),
    requests_per_minute: Type.Optional(Type.Integer({ minimum: 1, description: 'Requests per minute.' })),
    tokens_per_minute: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Input plus output tokens per minute.' }),
    ),
    concurrent: Type.Optional(Type.Integer({ minimum: 1, description: 'Calls in flight at once.' })),
    requests_per_day: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Quota: requests per calendar day (UTC, from midnight).' }),
    ),
    requests_per_month: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Quota: requests per calendar month (UTC, from the 1st).' }),
    ),
  },
  { additionalProperties: false },
);

/** A spending limit in US dollars per calendar period (UTC). */
export const budgetSchema = Type.Object(
  {
    period: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], {
      description: 'day (from UTC midnight), week (from Monday 00:00 UTC) or month (from the 1st, UTC).',
    }),
    limit_usd: Type.Number({ minimum: 0, description: 'Spending limit in US dollars per period.' }),
    soft_ratio: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'Share of the limit at which the alert webhook fires; 0.8 when absent.',
      }),
    ),
    webhook_url: Type.Optional(
      Type.String({ pattern: '^https?://[^\\s/]+', description: 'http(s) URL alerted at the soft limit.' }),
    ),
  },
  { additionalProperties: false },
);

const modelSchema = Type.Object(
  {
    name: routeNameSchema,
    ...routeSpecProperties,
    tenant: Type.Optional(
      Type.String({ minLength: 1, description: 'Owning tenant (name); the platform owns it when absent.' }),
    ),
    visibility: Type.Optional(
      Type.Union([Type.Literal('private'), Type.Literal('shared')], {
        description: 'shared: every tenant may subscribe; private: only the owner. Default shared.',
      }),
    ),
    lifecycle: Type.Optional(
      Type.Union(
        [
          Type.Literal('draft'),
          Type.Literal('published'),
          Type.Literal('deprecated'),
          Type.Literal('retired'),
        ],
        { description: 'Default published.' },
      ),
    ),
    requires_approval: Type.Optional(
      Type.Boolean({ description: 'Subscriptions wait for an approver; default false.' }),
    ),
    log_bodies: Type.Optional(
      Type.Boolean({ description: 'Keep request and response bodies in the call log.' }),
    ),
    description: Type.Optional(Type.String({ description: 'Shown in the catalogue.' })),
    limits: Type.Optional(limitsSchema),
  },
  { additionalProperties: false },
);

/**
 * An HTTP (REST) service as `portico apply` takes it: the service fields of a model entry and the
 * spec's fields side by side (docs/rest-services.md, "Defining a service").
 */
const serviceEntrySchema = Type.Object(
  {
    name: routeNameSchema,
    ...httpServiceSpecSchema.properties,
    tenant: modelSchema.properties.tenant,
    visibility: modelSchema.properties.visibility,
    lifecycle: modelSchema.properties.lifecycle,
    requires_approval: modelSchema.properties.requires_approval,
    log_bodies: modelSchema.properties.log_bodies,
    description: modelSchema.properties.description,
    limits: Type.Optional(limitsSchema),
    openapi: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'The OpenAPI document, inline.' }),
    ),
    openapi_file: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Path of the OpenAPI document (JSON or YAML), relative to this file.',
      }),
    ),
  },
  { additionalProperties: false },
);

const keySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Label shown in logs instead of the key.' }),
    key: Type.String({ minLength: 16, description: 'The secret; use ${ENV_VAR}. At least 16 characters.' }),
    allowed_models: Type.Optional(allowedModelsSchema),
  },
  { additionalProperties: false },
);

const appSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Unique within its tenant.' }),
    description: Type.Optional(Type.String()),
    limits: Type.Optional(limitsSchema),
    budgets: Type.Optional(Type.Array(budgetSchema)),
    allowed_models: Type.Optional(allowedModelsSchema),
    subscriptions: Type.Optional(
      Type.Array(routeNameSchema, { description: 'Route names; applied as approved.' }),
    ),
    keys: Type.Optional(Type.Array(keySchema, { description: 'Compared by hash; never exported.' })),
  },
  { additionalProperties: false },
);

/** A tenant (team) with its apps and policies; used by `portico apply`, ignored by the data plane config. */
const tenantSchema = Type.Object(
  {
    name: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
      description: 'Unique tenant handle: lower-case letters, digits, dashes.',
    }),
    display_name: Type.Optional(Type.String({ minLength: 1, description: 'The name when absent.' })),
    limits: Type.Optional(limitsSchema),
    budgets: Type.Optional(Type.Array(budgetSchema)),
    apps: Type.Optional(Type.Array(appSchema)),
  },
  { additionalProperties: false },
);

/** The YAML config file, as written by users (snake_case). Documented in docs/configuration.md. */
export const configFileSchema = Type.Object(
  {
    server: Type.Optional(
      Type.Object(
        {
          host: Type.Optional(Type.String({ minLength: 1 })),
          port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
          max_body_mb: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1024 })),
          max_bodies_in_flight_mb: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 65536 })),
          lingering_time_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
          lingering_max_mb: Type.Optional(Type.Number({ minimum: 0, maximum: 65536 })),
          shutdown_grace_ms: Type.Optional(Type.Integer({ minimum: 0 })),
          direct_model_access: Type.Optional(Type.Boolean()),
          direct_model_tenants: Type.Optional(
            Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }), { uniqueItems: true }),
          ),
          cors: Type.Optional(
            Type.Object(
              {
                origins: Type.Array(Type.String({ minLength: 1 }), {
                  minItems: 1,
                  description: 'Allowed origins (https://app.example.com), or "*" for any.',
                }),
                headers: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
                expose_headers: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
                credentials: Type.Optional(Type.Boolean()),
                max_age_s: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    storage: Type.Optional(
      Type.Object(
        {
          url: Type.Optional(
            Type.String({
              minLength: 1,
              description: 'sqlite:PATH, :memory:, or postgres://… (DATABASE_URL overrides it).',
            }),
          ),
          master_key_file: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    call_log: Type.Optional(
      Type.Object(
        {
          retention_days: Type.Optional(Type.Integer({ minimum: 1 })),
          max_rows: Type.Optional(Type.Integer({ minimum: 1000 })),
          flush_interval_ms: Type.Optional(Type.Integer({ minimum: 50, maximum: 60_000 })),
        },
        { additionalProperties: false },
      ),
    ),
    control_plane: Type.Optional(
      Type.Object(
        {
          enabled: Type.Optional(Type.Boolean()),
          host: Type.Optional(Type.String({ minLength: 1 })),
          port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
          allowed_origins: Type.Optional(
            Type.Array(Type.String({ pattern: '^https?://[^/?#\\s]+$', maxLength: 300 }), {
              maxItems: 100,
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    logging: Type.Optional(
      Type.Object(
        {
          level: Type.Optional(
            Type.Union(['debug', 'info', 'warn', 'error', 'silent'].map((level) => Type.Literal(level))),
          ),
          access_flush_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
        },
        { additionalProperties: false },
      ),
    ),
    pricing: Type.Optional(
      Type.Object(
        {
          default: Type.Optional(modelPricesSchema),
        },
        {
          additionalProperties: false,
          description:
            "default: the price of models neither a provider's `prices` nor the catalogue know; absent: calls to them under a budget are refused.",
        },
      ),
    ),
    webhooks: Type.Optional(
      Type.Object(
        {
          allow_private_targets: Type.Optional(
            Type.Array(Type.String({ pattern: '^[A-Za-z0-9.:_-]+(/[0-9]{1,3})?$' }), {
              description:
                'Host names, IP addresses or CIDR ranges that budget webhooks may reach although they are loopback, private or link-local; absent: none.',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    providers: Type.Optional(Type.Array(providerSchema)),
    models: Type.Optional(Type.Array(modelSchema)),
    services: Type.Optional(Type.Array(serviceEntrySchema)),
    keys: Type.Optional(Type.Array(keySchema)),
    tenants: Type.Optional(Type.Array(tenantSchema)),
  },
  { additionalProperties: false },
);

export type ConfigFile = Type.Static<typeof configFileSchema>;
/** One model's prices as written in the config file. */
export type ModelPricesEntry = Type.Static<typeof modelPricesSchema>;
export const configFileValidator = Compile(configFileSchema);
