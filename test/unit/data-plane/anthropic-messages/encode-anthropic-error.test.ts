import { describe, expect, it } from 'vitest';
import { errorCodes, type ErrorCode } from '../../../../src/core/error-codes.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import {
  anthropicErrorType,
  encodeAnthropicError,
  encodeAnthropicStreamError,
} from '../../../../src/data-plane/anthropic-messages/encode-anthropic-error.js';
import { parseSseFrames } from '../../../support/parse-sse-frames.js';

describe('Anthropic error bodies', () => {
  it('uses the Anthropic error type of each gateway status', () => {
    const expected: Record<number, string> = {
      400: 'invalid_request_error',
      401: 'authentication_error',
      402: 'billing_error',
      403: 'permission_error',
      404: 'not_found_error',
      405: 'invalid_request_error',
      413: 'request_too_large',
      429: 'rate_limit_error',
      500: 'api_error',
      502: 'api_error',
      503: 'overloaded_error',
      504: 'api_error',
    };
    for (const [status, type] of Object.entries(expected))
      expect(anthropicErrorType(Number(status))).toBe(type);
    // Every code in the table gets a type Anthropic documents.
    const documented = new Set(Object.values(expected));
    for (const code of Object.keys(errorCodes) as ErrorCode[]) {
      const body = encodeAnthropicError(new GatewayError(code)) as { error: { type: string } };
      expect(documented).toContain(body.error.type);
    }
  });

  it('writes { type: error, error: { type, message } }', () => {
    const error = new GatewayError('model_not_found', "The model 'nope' does not exist.", { param: 'model' });
    expect(encodeAnthropicError(error)).toEqual({
      type: 'error',
      error: { type: 'not_found_error', message: "The model 'nope' does not exist." },
    });
  });

  it('reports a failure after the stream started as an error event', () => {
    const text = encodeAnthropicStreamError(new GatewayError('upstream_unavailable', 'Provider x is down.'));
    expect(text.endsWith('\n\n')).toBe(true);
    expect(parseSseFrames(text)).toEqual([
      {
        event: 'error',
        data: { type: 'error', error: { type: 'overloaded_error', message: 'Provider x is down.' } },
      },
    ]);
  });
});
