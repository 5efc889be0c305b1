import { describe, expect, it } from 'vitest';
import { defaultJwtAlgorithms } from '../../../src/config/jwt-algorithms.js';
import { JwtSpecError } from '../../../src/config/jwt-spec-error.js';
import { readJwtSpec } from '../../../src/config/read-jwt-spec.js';

const rsaJwk = JSON.stringify({
  kty: 'RSA',
  n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw',
  e: 'AQAB',
});

describe('readJwtSpec (the checks the admin API can run before saving a service)', () => {
  it('reads a JWKS URL alone with the asymmetric default algorithms', () => {
    const read = readJwtSpec({ jwks_url: 'https://idp.example/jwks.json' });
    expect(read.algorithms).toEqual(defaultJwtAlgorithms);
    expect(read.algorithms.some((name) => name.startsWith('HS') || name === 'none')).toBe(false);
    expect(read.staticKeys).toEqual({ publicKeys: { keys: [] }, secrets: [] });
  });

  it('reads static public keys and keeps the listed algorithms', () => {
    const read = readJwtSpec({ keys: [rsaJwk], algorithms: ['RS256', 'RS256'] });
    expect(read.algorithms).toEqual(['RS256']);
    expect(read.staticKeys.publicKeys.keys).toHaveLength(1);
  });

  it('refuses a private JWK with a JwtSpecError naming the entry', () => {
    const privateJwk = JSON.stringify({ ...JSON.parse(rsaJwk), d: 'AAAA' });
    const attempt = () => readJwtSpec({ keys: [rsaJwk, privateJwk] });
    expect(attempt).toThrow(JwtSpecError);
    expect(attempt).toThrow('auth.jwt.keys[1] holds a private JWK ("d"); give the public key only.');
  });
});
