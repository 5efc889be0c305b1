import { describe, expect, it } from 'vitest';
import { CredentialPool } from '../../../src/routing/credential-pool.js';
import { fakeProvider } from './routing-fixture.js';

describe('CredentialPool', () => {
  it('refuses to be empty', () => {
    expect(() => new CredentialPool([])).toThrow('at least one provider');
  });

  it('uses the credentials in turn', () => {
    const [a, b, c] = [fakeProvider(), fakeProvider(), fakeProvider()];
    const pool = new CredentialPool([a, b, c]);
    expect([pool.pick(0), pool.pick(0), pool.pick(0), pool.pick(0)]).toEqual([a, b, c, a]);
    expect(pool.pick(0)).toBe(b);
  });

  it('skips a credential while it cools down, and uses it again when it has', () => {
    const [a, b] = [fakeProvider(), fakeProvider()];
    const pool = new CredentialPool([a, b]);
    pool.coolDown(a, 1_000);
    expect(pool.pick(0)).toBe(b);
    expect(pool.pick(999)).toBe(b);
    expect(pool.pick(1_000)).toBe(a);
  });

  it('has nothing to give while every credential cools down', () => {
    const [a, b] = [fakeProvider(), fakeProvider()];
    const pool = new CredentialPool([a, b]);
    pool.coolDown(a, 500);
    pool.coolDown(b, 800);
    expect(pool.pick(100)).toBeUndefined();
    expect(pool.pick(600)).toBe(a);
  });

  it('ignores a provider it does not hold', () => {
    const a = fakeProvider();
    const pool = new CredentialPool([a]);
    pool.coolDown(fakeProvider(), 10_000);
    expect(pool.pick(0)).toBe(a);
  });
});
