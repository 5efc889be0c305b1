import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/core/gateway-error.js';
import { exceedsJsonDepth } from '../../../src/core/exceeds-json-depth.js';
import { maxBodyDepth, parseJsonBody } from '../../../src/data-plane/read-request-body.js';
import { catchGatewayError } from '../../support/catch-gateway-error.js';

// Found by test/fuzz: a chat body with a field nested 5,000 levels deep parsed fine, then
// overflowed the stack when the upstream body was serialized, and the client got a 500.
describe('request bodies nested too deep', () => {
  const body = (depth: number): Buffer =>
    Buffer.from(
      `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"x":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    );

  it('refuses a body nested 5,000 levels deep with invalid_json (400)', () => {
    const thrown = catchGatewayError(() => parseJsonBody(body(5_000)));
    expect(thrown).toMatchObject({ code: 'invalid_json', status: 400 });
  });

  it(`accepts ${maxBodyDepth} levels, counting the body object itself`, () => {
    expect(parseJsonBody(body(maxBodyDepth - 1))).toMatchObject({ model: 'gpt-4o' });
    expect(() => parseJsonBody(body(maxBodyDepth))).toThrow(GatewayError);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(JSON.stringify({ text: '[[[[\\"[[[[' }), 2)).toBe(false);
    expect(exceedsJsonDepth('[[["]]]\\"[[["]]]', 3)).toBe(false);
    expect(exceedsJsonDepth('[[[[]]]]', 3)).toBe(true);
  });
});
