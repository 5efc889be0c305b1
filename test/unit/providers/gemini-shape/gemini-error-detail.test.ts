import { describe, expect, it } from 'vitest';
import { geminiErrorDetail } from '../../../../src/providers/gemini-shape/gemini-error-detail.js';

describe('geminiErrorDetail', () => {
  it('reads the message and the RPC status of a Google error body', () => {
    const body = JSON.stringify({
      error: {
        code: 429,
        message: 'Resource has been exhausted (e.g. check quota).',
        status: 'RESOURCE_EXHAUSTED',
      },
    });
    expect(geminiErrorDetail(429, body)).toEqual({
      message: 'Resource has been exhausted (e.g. check quota).',
      type: 'RESOURCE_EXHAUSTED',
    });
  });

  it('reads an error wrapped in an array', () => {
    const body = JSON.stringify([{ error: { code: 400, message: 'bad', status: 'INVALID_ARGUMENT' } }]);
    expect(geminiErrorDetail(400, body)).toEqual({ message: 'bad', type: 'INVALID_ARGUMENT' });
  });

  it('falls back to at most 500 characters of raw text', () => {
    expect(geminiErrorDetail(502, '<html>Bad Gateway</html>')).toEqual({
      message: '<html>Bad Gateway</html>',
    });
    expect(geminiErrorDetail(500, 'x'.repeat(900)).message).toHaveLength(500);
    expect(geminiErrorDetail(500, '')).toEqual({ message: 'empty error body' });
    expect(geminiErrorDetail(500, '{"detail":"no"}')).toEqual({ message: '{"detail":"no"}' });
  });
});
