import { describe, expect, it } from 'vitest';
import { classifyCredential, looksLikeJwt } from '../../../../src/rest/consumer/classify-credential.js';
import { catchGatewayError } from '../../../support/catch-gateway-error.js';

const key = 'pk-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd';
const segment = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = `${segment({ alg: 'RS256', kid: 'a' })}.${segment({ sub: 'u' })}.c2lnbmF0dXJl`;

describe('looksLikeJwt', () => {
  it('tells JWTs from Portico keys and other strings', () => {
    expect(looksLikeJwt(jwt)).toBe(true);
    expect(looksLikeJwt(key)).toBe(false);
    expect(looksLikeJwt('a.b.c')).toBe(false); // three segments, but no JSON header with alg
    expect(looksLikeJwt(`${segment({ typ: 'JWT' })}.e30.x`)).toBe(false);
    expect(looksLikeJwt(`${jwt}.extra`)).toBe(false);
  });
});

describe('classifyCredential', () => {
  it('reads a JWT or a key from Authorization: Bearer and names the header to strip', () => {
    expect(classifyCredential({ authorization: `Bearer ${jwt}` }, ['key', 'jwt'])).toEqual({
      kind: 'jwt',
      value: jwt,
      headers: ['authorization'],
    });
    expect(classifyCredential({ authorization: `bearer  ${key}` }, ['key', 'jwt'])).toEqual({
      kind: 'key',
      value: key,
      headers: ['authorization'],
    });
  });

  it('reads a key from x-api-key, and strips both headers when both carry a credential', () => {
    expect(classifyCredential({ 'x-api-key': key }, ['key'])).toEqual({
      kind: 'key',
      value: key,
      headers: ['x-api-key'],
    });
    expect(classifyCredential({ authorization: `Bearer ${jwt}`, 'x-api-key': key }, ['jwt'])).toEqual({
      kind: 'jwt',
      value: jwt,
      headers: ['authorization', 'x-api-key'],
    });
  });

  it('leaves other Authorization schemes alone', () => {
    expect(classifyCredential({ authorization: 'Basic dTpw' }, ['anonymous'])).toEqual({
      kind: 'anonymous',
      headers: [],
    });
  });

  it('makes a call anonymous when the service allows it and takes no presented kind', () => {
    expect(classifyCredential({}, ['key', 'anonymous'])).toEqual({ kind: 'anonymous', headers: [] });
    expect(classifyCredential({ authorization: `Bearer ${jwt}` }, ['key', 'anonymous'])).toEqual({
      kind: 'anonymous',
      headers: [],
    });
  });

  it('refuses with 401 a missing credential or one of a kind the service does not take', () => {
    const missing = catchGatewayError(() => classifyCredential({}, ['jwt']));
    expect({ status: missing.status, code: missing.code, message: missing.message }).toEqual({
      status: 401,
      code: 'invalid_token',
      message: "Missing credential: send a JWT as 'Authorization: Bearer <token>'.",
    });
    expect(catchGatewayError(() => classifyCredential({}, ['key', 'jwt'])).message).toBe(
      "Missing credential: send an API key or a JWT as 'Authorization: Bearer <credential>'.",
    );
    const keyToJwtService = catchGatewayError(() => classifyCredential({ 'x-api-key': key }, ['jwt']));
    expect([keyToJwtService.status, keyToJwtService.message]).toEqual([
      401,
      'This service takes JWTs only (Authorization: Bearer <token>); the credential sent is not one.',
    ]);
    const jwtToKeyService = catchGatewayError(() =>
      classifyCredential({ authorization: `Bearer ${jwt}` }, ['key']),
    );
    expect([jwtToKeyService.code, jwtToKeyService.message]).toEqual([
      'invalid_api_key',
      'This service takes API keys, not JWTs.',
    ]);
  });
});
