import { describe, expect, it } from 'vitest';
import { bedrockErrorDetail } from '../../../../src/providers/bedrock/bedrock-error-detail.js';

describe('bedrockErrorDetail', () => {
  it("reads Bedrock's { message } body", () => {
    expect(
      bedrockErrorDetail(429, '{"message":"Too many requests, please wait before trying again."}'),
    ).toEqual({
      message: 'Too many requests, please wait before trying again.',
    });
  });

  it('reads Message and the error type from __type or code, without namespace or URL', () => {
    expect(
      bedrockErrorDetail(
        400,
        '{"__type":"com.amazon.coral.validate#ValidationException","Message":"Bad input"}',
      ),
    ).toEqual({ message: 'Bad input', type: 'ValidationException' });
    expect(
      bedrockErrorDetail(
        403,
        '{"code":"AccessDeniedException:http://internal.amazon.com/coral/","message":"No"}',
      ),
    ).toEqual({ message: 'No', type: 'AccessDeniedException' });
  });

  it('falls back to the raw text, cut to 500 characters, and names an empty body', () => {
    expect(bedrockErrorDetail(502, '<html>Bad Gateway</html>')).toEqual({
      message: '<html>Bad Gateway</html>',
    });
    expect(bedrockErrorDetail(500, 'x'.repeat(600)).message).toHaveLength(500);
    expect(bedrockErrorDetail(500, '{"other":1}')).toEqual({ message: '{"other":1}' });
    expect(bedrockErrorDetail(503, '  ')).toEqual({ message: 'HTTP 503 with an empty body' });
  });
});
