/**
 * The one table of gateway error codes. Every error a client can see is listed here with its
 * HTTP status and the OpenAI `error.type` it is reported as; nothing else picks a status.
 */
export const errorCodes = {
  invalid_json: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The request body is not valid JSON.',
  },
  invalid_request: { status: 400, type: 'invalid_request_error', message: 'The request is invalid.' },
  unsupported_parameter: {
    status: 400,
    type: 'invalid_request_error',
    message: 'A parameter is not supported.',
  },
  upstream_invalid_request: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The provider rejected the request.',
  },
  content_filtered: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The provider refused to answer (content filter).',
  },
  context_length_exceeded: {
    status: 400,
    type: 'invalid_request_error',
    message: "The messages exceed the model's context window.",
  },
  invalid_api_key: { status: 401, type: 'invalid_request_error', message: 'Invalid or missing API key.' },
  key_expired: { status: 401, type: 'invalid_request_error', message: 'The API key has expired.' },
  invalid_token: {
    status: 401,
    type: 'invalid_request_error',
    message: 'Invalid or missing bearer token.',
  },
  key_revoked: { status: 401, type: 'invalid_request_error', message: 'The API key was revoked.' },
  budget_exceeded: {
    status: 402,
    type: 'insufficient_quota',
    message: 'The budget for this period is spent.',
  },
  subscription_required: {
    status: 403,
    type: 'permission_error',
    message: 'The app has no approved subscription to this model.',
  },
  subscription_pending: {
    status: 403,
    type: 'permission_error',
    message: 'The subscription to this model awaits approval.',
  },
  model_unpriced: {
    status: 403,
    type: 'permission_error',
    message: 'The model has no price, so a budget cannot bound its cost.',
  },
  model_not_available: {
    status: 403,
    type: 'permission_error',
    message: 'The model is not available to this tenant.',
  },
  model_not_allowed: {
    status: 403,
    type: 'permission_error',
    message: 'The model is not in the allow-list of this API key or its app.',
  },
  consumer_forbidden: {
    status: 403,
    type: 'permission_error',
    message: "The token's claims name no app Portico knows, or name it inconsistently.",
  },
  ip_denied: {
    status: 403,
    type: 'permission_error',
    message: "The client's address may not call this service.",
  },
  model_not_found: { status: 404, type: 'invalid_request_error', message: 'The model does not exist.' },
  not_found: { status: 404, type: 'invalid_request_error', message: 'No such endpoint.' },
  method_not_allowed: { status: 405, type: 'invalid_request_error', message: 'Method not allowed.' },
  body_too_large: { status: 413, type: 'invalid_request_error', message: 'The request body is too large.' },
  rate_limit_exceeded: { status: 429, type: 'rate_limit_error', message: 'The provider rate limit was hit.' },
  gateway_rate_limited: {
    status: 429,
    type: 'rate_limit_error',
    message: 'A Portico rate limit was reached.',
  },
  quota_exceeded: {
    status: 429,
    type: 'insufficient_quota',
    message: 'A Portico request quota (per day or per month) is used up.',
  },
  too_many_concurrent: {
    status: 429,
    type: 'rate_limit_error',
    message: 'Too many concurrent requests for this key, app, tenant or route.',
  },
  client_closed: {
    status: 499,
    type: 'invalid_request_error',
    message: 'The client closed the connection before the answer was sent.',
  },
  internal_error: { status: 500, type: 'server_error', message: 'Internal gateway error.' },
  upstream_error: { status: 502, type: 'upstream_error', message: 'The provider returned an error.' },
  upstream_auth_failed: {
    status: 502,
    type: 'upstream_error',
    message: 'The provider refused the gateway credentials.',
  },
  upstream_bad_response: {
    status: 502,
    type: 'upstream_error',
    message: 'The provider sent a response the gateway could not read.',
  },
  bad_gateway: {
    status: 502,
    type: 'upstream_error',
    message: 'The upstream closed the connection before answering.',
  },
  upstream_unavailable: { status: 503, type: 'upstream_error', message: 'The provider is unavailable.' },
  no_provider_configured: {
    status: 503,
    type: 'server_error',
    message: 'No provider is configured. Add one under `providers:` in the config file.',
  },
  server_busy: {
    status: 503,
    type: 'server_error',
    message: 'The gateway is receiving too many request bodies at once; retry shortly.',
  },
  jwks_unavailable: {
    status: 503,
    type: 'server_error',
    message: "The service's JWT signing keys (JWKS) could not be fetched; retry shortly.",
  },
  upstream_timeout: { status: 504, type: 'upstream_error', message: 'The provider did not answer in time.' },
} as const satisfies Record<string, { status: number; type: string; message: string }>;

/** A stable, documented error code (see docs/errors.md). */
export type ErrorCode = keyof typeof errorCodes;
