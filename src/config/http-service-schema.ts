import Type, { type Static } from 'typebox';

/*
 * The settings of an HTTP (REST) service: where it listens on the data plane, its routes, its
 * upstream nodes and how they are balanced and checked, what is changed on the way through, and
 * how consumers authenticate. One shape for the admin API's `spec`, `apply` files and the stored
 * JSON column; the governance facts (owner, visibility, lifecycle, approval, body logging) are
 * columns of the service, as for model routes. See docs/rest-services.md.
 */

// Spelled out: a mapped array would type every literal as `string` and the union as `never`.
const methodSchema = Type.Union([
  Type.Literal('GET'),
  Type.Literal('HEAD'),
  Type.Literal('POST'),
  Type.Literal('PUT'),
  Type.Literal('PATCH'),
  Type.Literal('DELETE'),
  Type.Literal('OPTIONS'),
]);

const headerNameSchema = Type.String({
  minLength: 1,
  maxLength: 256,
  pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
});
/** Header values may not carry CR, LF or NUL (header injection). */
const headerValueSchema = Type.String({ maxLength: 8192, pattern: '^[^\\r\\n\\u0000]*$' });
/**
 * additionalProperties: false, or a name outside the pattern (one holding CR/LF) would pass:
 * a record's key pattern only selects which properties the value schema applies to.
 */
const headerMapSchema = Type.Record(headerNameSchema, headerValueSchema, { additionalProperties: false });

const headerEditsSchema = Type.Object(
  {
    add: Type.Optional(headerMapSchema),
    set: Type.Optional(headerMapSchema),
    remove: Type.Optional(Type.Array(headerNameSchema)),
  },
  { additionalProperties: false },
);

const transformsSchema = Type.Object(
  {
    strip_base_path: Type.Optional(
      Type.Boolean({ description: 'Drop the base path before calling the upstream (default true).' }),
    ),
    rewrite_path: Type.Optional(
      Type.String({
        pattern: '^/',
        description: "Upstream path template; ':name' and '*' take the matched route's parameters.",
      }),
    ),
    request_headers: Type.Optional(headerEditsSchema),
    response_headers: Type.Optional(headerEditsSchema),
    query: Type.Optional(
      Type.Object(
        {
          add: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.String())),
          remove: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const routeSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    methods: Type.Optional(Type.Array(methodSchema, { minItems: 1, description: 'Absent: every method.' })),
    path: Type.String({
      pattern: '^/',
      maxLength: 2048,
      description: "Below the base path; ':name' is a parameter, a trailing '*' matches the rest.",
    }),
    headers: Type.Optional(headerMapSchema),
    query: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.String())),
    priority: Type.Optional(
      Type.Integer({ description: 'Higher wins among routes matching the same path.' }),
    ),
    transforms: Type.Optional(transformsSchema),
  },
  { additionalProperties: false },
);

const nodeSchema = Type.Object(
  {
    url: Type.String({
      pattern: '^https?://',
      description: 'Origin and optional path prefix of one upstream node.',
    }),
    weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  },
  { additionalProperties: false },
);

const upstreamSchema = Type.Object(
  {
    nodes: Type.Array(nodeSchema, { minItems: 1, maxItems: 256 }),
    balance: Type.Optional(
      Type.Union([
        Type.Literal('round-robin'),
        Type.Literal('weighted'),
        Type.Literal('least-connections'),
        Type.Literal('consistent-hash'),
      ]),
    ),
    hash_on: Type.Optional(
      Type.String({
        pattern: '^(ip|header:.+|param:.+)$',
        description: "consistent-hash key: 'ip', 'header:<name>' or 'param:<name>'.",
      }),
    ),
    health_check: Type.Optional(
      Type.Object(
        {
          active: Type.Optional(
            Type.Object(
              {
                path: Type.String({ pattern: '^/' }),
                interval_ms: Type.Optional(Type.Integer({ minimum: 100 })),
                timeout_ms: Type.Optional(Type.Integer({ minimum: 1 })),
                healthy_threshold: Type.Optional(Type.Integer({ minimum: 1 })),
                unhealthy_threshold: Type.Optional(Type.Integer({ minimum: 1 })),
              },
              { additionalProperties: false },
            ),
          ),
          passive: Type.Optional(
            Type.Object(
              {
                failures: Type.Optional(Type.Integer({ minimum: 1 })),
                window_ms: Type.Optional(Type.Integer({ minimum: 1 })),
                cooldown_ms: Type.Optional(Type.Integer({ minimum: 1 })),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    timeouts: Type.Optional(
      Type.Object(
        {
          connect_ms: Type.Optional(Type.Integer({ minimum: 1 })),
          first_byte_ms: Type.Optional(Type.Integer({ minimum: 1 })),
          total_ms: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    retries: Type.Optional(
      Type.Object(
        {
          attempts: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
          backoff_ms: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
    tls: Type.Optional(
      Type.Object(
        {
          verify: Type.Optional(
            Type.Boolean({ description: 'Verify the upstream certificate (default true).' }),
          ),
          ca: Type.Optional(Type.String({ description: 'PEM of the CA to trust besides the system ones.' })),
          server_name: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    max_connections: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Keep-alive pool size per node.' }),
    ),
  },
  { additionalProperties: false },
);

const jwtSchema = Type.Object(
  {
    jwks_url: Type.Optional(Type.String({ pattern: '^https?://' })),
    keys: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { description: 'Static keys: PEM (SPKI) or JWK JSON.' }),
    ),
    issuer: Type.Optional(Type.String({ minLength: 1 })),
    audience: Type.Optional(Type.String({ minLength: 1 })),
    algorithms: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    clock_skew_s: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
    claims: Type.Optional(
      Type.Object(
        {
          tenant: Type.Optional(
            Type.String({ minLength: 1, description: 'Claim naming the tenant (id or name).' }),
          ),
          app: Type.Optional(
            Type.String({ minLength: 1, description: 'Claim naming the app (id or name).' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const authSchema = Type.Object(
  {
    modes: Type.Array(Type.Union([Type.Literal('key'), Type.Literal('jwt'), Type.Literal('anonymous')]), {
      minItems: 1,
    }),
    jwt: Type.Optional(jwtSchema),
    forward_credential: Type.Optional(
      Type.Boolean({ description: "Pass the consumer's key or token on to the upstream (default false)." }),
    ),
  },
  { additionalProperties: false },
);

const corsSchema = Type.Object(
  {
    origins: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    methods: Type.Optional(Type.Array(methodSchema)),
    headers: Type.Optional(Type.Array(headerNameSchema)),
    expose_headers: Type.Optional(Type.Array(headerNameSchema)),
    credentials: Type.Optional(Type.Boolean()),
    max_age_s: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** The shape of `spec` for an HTTP service. */
export const httpServiceSpecSchema = Type.Object(
  {
    base_path: Type.String({
      pattern: "^/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$",
      maxLength: 512,
      description:
        'Path prefix on the data plane; may not overlap the model endpoints (/v1/chat/..., /healthz).',
    }),
    hosts: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 253 }))),
    version: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 64 }),
          header: Type.Optional(headerNameSchema),
          default: Type.Optional(Type.Boolean()),
        },
        {
          additionalProperties: false,
          description: 'Header versioning: services sharing a base path differ by this header.',
        },
      ),
    ),
    routes: Type.Array(routeSchema, { minItems: 1, maxItems: 2000 }),
    upstream: upstreamSchema,
    transforms: Type.Optional(transformsSchema),
    auth: Type.Optional(authSchema),
    upstream_credential: Type.Optional(
      Type.Object(
        {
          header: headerNameSchema,
          value: Type.Optional(headerValueSchema),
        },
        {
          additionalProperties: false,
          description: 'Injected into every upstream request; the value is write-only and stored sealed.',
        },
      ),
    ),
    cors: Type.Optional(corsSchema),
    max_body_bytes: Type.Optional(Type.Integer({ minimum: 0 })),
    ip_allow: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    ip_deny: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    validate_requests: Type.Optional(
      Type.Boolean({ description: "Check requests against the service's OpenAPI document (default false)." }),
    ),
  },
  { additionalProperties: false },
);

export type HttpServiceSpec = Static<typeof httpServiceSpecSchema>;
export type HttpRouteSpec = HttpServiceSpec['routes'][number];
export type HttpUpstreamSpec = HttpServiceSpec['upstream'];
export type HttpTransformsSpec = NonNullable<HttpServiceSpec['transforms']>;
export type HttpAuthSpec = NonNullable<HttpServiceSpec['auth']>;
