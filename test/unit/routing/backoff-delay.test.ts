import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/routing/backoff-delay.js';

const retries = { attempts: 3, backoffMs: 250, maxBackoffMs: 5_000 };

describe('backoffDelay', () => {
  it('doubles the ceiling each retry, with full jitter below it', () => {
    const top = () => 1;
    expect([0, 1, 2, 3].map((retry) => backoffDelay(retry, undefined, retries, top))).toEqual([
      250, 500, 1000, 2000,
    ]);
    expect(backoffDelay(2, undefined, retries, () => 0.5)).toBe(500);
    expect(backoffDelay(2, undefined, retries, () => 0)).toBe(0);
  });

  it('caps the ceiling at maxBackoffMs', () => {
    expect(backoffDelay(10, undefined, retries, () => 1)).toBe(5_000);
  });

  it('honours a Retry-After that fits under the cap, exactly', () => {
    expect(backoffDelay(0, 3, retries, () => 0)).toBe(3_000);
    expect(backoffDelay(0, 5, retries, () => 0)).toBe(5_000);
  });

  it('says to move on (undefined) when the Retry-After is longer than the cap', () => {
    expect(backoffDelay(0, 6, retries)).toBeUndefined();
  });
});
