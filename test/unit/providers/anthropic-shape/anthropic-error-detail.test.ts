import { describe, expect, it } from 'vitest';
import { anthropicErrorDetail } from '../../../../src/providers/anthropic-shape/anthropic-error-detail.js';

describe('anthropicErrorDetail', () => {
  it('reads the message and type of an Anthropic error body', () => {
    const body = JSON.stringify({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
      request_id: 'req_1',
    });
    expect(anthropicErrorDetail(529, body)).toEqual({ message: 'Overloaded', type: 'overloaded_error' });
  });

  it('leaves the type out when the error has none', () => {
    expect(anthropicErrorDetail(400, '{"error":{"message":"bad"}}')).toEqual({ message: 'bad' });
  });

  it('falls back to the raw text, cut to 500 characters, when the body is not JSON', () => {
    const html = `<html>${'x'.repeat(600)}</html>`;
    expect(anthropicErrorDetail(502, html)).toEqual({ message: html.slice(0, 500) });
  });

  it('falls back to the raw text when JSON lacks an error object', () => {
    expect(anthropicErrorDetail(500, '{"detail":"nope"}')).toEqual({ message: '{"detail":"nope"}' });
  });

  it('names the status when the body is empty', () => {
    expect(anthropicErrorDetail(503, '')).toEqual({ message: 'HTTP 503 with an empty body' });
  });
});
