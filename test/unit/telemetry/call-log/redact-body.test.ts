import { describe, expect, it } from 'vitest';
import { redactBody } from '../../../../src/telemetry/call-log/redact-body.js';

describe('redactBody', () => {
  it('masks keys, bearer tokens, credential fields, emails and card numbers', () => {
    const body = JSON.stringify({
      messages: [
        {
          role: 'user',
          content:
            'my key is sk-proj-abcdefghijklmnop1234 and mail me at jane.doe@example.com, card 4111 1111 1111 1111',
        },
      ],
      api_key: 'whatever-it-is',
      headers: 'Authorization: Bearer abc.def.ghi-123456',
    });
    const redacted = redactBody(body, 16_384);
    expect(redacted).not.toContain('sk-proj-abcdefghijklmnop1234');
    expect(redacted).not.toContain('jane.doe@example.com');
    expect(redacted).not.toContain('4111 1111 1111 1111');
    expect(redacted).not.toContain('whatever-it-is');
    expect(redacted).not.toContain('abc.def.ghi-123456');
    expect(redacted).toContain('[redacted-key]');
    expect(redacted).toContain('[redacted-email]');
    expect(redacted).toContain('[redacted-card]');
    expect(redacted).toContain('"api_key":"[redacted]"');
    expect(redacted).toContain('Bearer [redacted]');
  });

  it('keeps numbers that are not card numbers (Luhn check)', () => {
    expect(redactBody('order 1234567890123 shipped', 1_000)).toBe('order 1234567890123 shipped');
  });

  it('caps at the byte limit with a marker saying how much was cut', () => {
    const capped = redactBody('x'.repeat(10_000), 100);
    expect(capped).toBe(`${'x'.repeat(100)}…[truncated 9900 bytes]`);
    const huge = redactBody('y'.repeat(1_000_000), 1_000);
    expect(huge).toBe(`${'y'.repeat(1_000)}…[truncated 999000 bytes]`);
  });

  it('never splits a multi-byte character', () => {
    const capped = redactBody('é'.repeat(100), 5);
    expect(capped).toBe('éé…[truncated 196 bytes]');
  });

  it('leaves a short clean body unchanged', () => {
    expect(redactBody('{"model":"gpt-4o"}', 100)).toBe('{"model":"gpt-4o"}');
  });
});
