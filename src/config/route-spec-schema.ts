import Type from 'typebox';

const targetSchema = Type.Object(
  {
    provider: Type.String({ minLength: 1, description: 'A provider id.' }),
    model: Type.String({ minLength: 1, description: 'The upstream model (Azure: deployment) name.' }),
    weight: Type.Optional(Type.Number({ minimum: 0, description: 'Share of traffic (weighted, canary).' })),
  },
  { additionalProperties: false },
);

/** The fields of a route's routing settings, shared by `models:` entries and the admin API's route spec. */
export const routeSpecProperties = {
  targets: Type.Array(targetSchema, { minItems: 1, description: 'Tried in order until one answers.' }),
  strategy: Type.Optional(
    Type.Union([
      Type.Literal('fallback'),
      Type.Literal('weighted'),
      Type.Literal('round-robin'),
      Type.Literal('least-latency'),
      Type.Literal('lowest-cost'),
      Type.Literal('canary'),
    ]),
  ),
  sticky: Type.Optional(
    Type.String({ minLength: 1, description: "Canary stickiness: 'key' or 'header:<name>'." }),
  ),
  retries: Type.Optional(
    Type.Object(
      {
        attempts: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
        backoff_ms: Type.Optional(Type.Integer({ minimum: 0 })),
        max_backoff_ms: Type.Optional(Type.Integer({ minimum: 0 })),
      },
      { additionalProperties: false },
    ),
  ),
  fallback_on: Type.Optional(
    Type.Array(
      Type.Union([
        Type.Literal('rate_limit'),
        Type.Literal('server_error'),
        Type.Literal('timeout'),
        Type.Literal('connection'),
        Type.Literal('content_filter'),
        Type.Literal('bad_response'),
      ]),
    ),
  ),
  circuit_breaker: Type.Optional(
    Type.Object(
      {
        failures: Type.Optional(Type.Integer({ minimum: 1 })),
        window_ms: Type.Optional(Type.Integer({ minimum: 1 })),
        cooldown_ms: Type.Optional(Type.Integer({ minimum: 1 })),
      },
      { additionalProperties: false },
    ),
  ),
  max_choices: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 128,
      description: 'Most choices one call may ask for (OpenAI `n`, Gemini `candidateCount`); default 8.',
    }),
  ),
  reserved_output_tokens: Type.Optional(
    Type.Integer({
      minimum: 1,
      description:
        "Output tokens reserved per choice when a call sets no output cap; default 4096, at most the model's limit.",
    }),
  ),
  cors: Type.Optional(
    Type.Object(
      {
        origins: Type.Array(Type.String({ minLength: 1 }), {
          minItems: 1,
          description:
            'Browser origins allowed to call this route, or "*"; replaces server.cors origins for it.',
        }),
        credentials: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
  ),
};

/** A route's routing settings: a `models` entry without its name and service fields. */
export const routeSpecSchema = Type.Object(routeSpecProperties, { additionalProperties: false });
