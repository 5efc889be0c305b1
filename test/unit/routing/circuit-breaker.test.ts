import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/routing/circuit-breaker.js';
import { breakerSettings } from './routing-fixture.js';

// breakerSettings: 3 failures within 10 s open the circuit; a probe after 30 s.
const t0 = 1_000_000;

function opened(): CircuitBreaker {
  const breaker = new CircuitBreaker(breakerSettings);
  for (let failure = 0; failure < 3; failure++) breaker.recordFailure(t0 + failure);
  return breaker;
}

describe('CircuitBreaker', () => {
  it('stays closed below the failure count, and opens at it', () => {
    const breaker = new CircuitBreaker(breakerSettings);
    breaker.recordFailure(t0);
    breaker.recordFailure(t0 + 1);
    expect(breaker.state(t0 + 2)).toBe('closed');
    expect(breaker.tryAcquire(t0 + 2)).toBe(true);
    breaker.recordFailure(t0 + 2);
    expect(breaker.state(t0 + 3)).toBe('open');
    expect(breaker.tryAcquire(t0 + 3)).toBe(false);
  });

  it('forgets failures older than the window', () => {
    const breaker = new CircuitBreaker(breakerSettings);
    breaker.recordFailure(t0);
    breaker.recordFailure(t0 + 1);
    breaker.recordFailure(t0 + 10_001);
    expect(breaker.state(t0 + 10_002)).toBe('closed');
  });

  it('a success clears the count', () => {
    const breaker = new CircuitBreaker(breakerSettings);
    breaker.recordFailure(t0);
    breaker.recordFailure(t0 + 1);
    breaker.recordSuccess();
    breaker.recordFailure(t0 + 2);
    expect(breaker.state(t0 + 3)).toBe('closed');
  });

  it('lets one probe through after the cooldown; its success closes the circuit', () => {
    const breaker = opened();
    expect(breaker.state(t0 + 2 + 29_999)).toBe('open');
    const later = t0 + 2 + 30_000;
    expect(breaker.state(later)).toBe('half-open');
    expect(breaker.tryAcquire(later)).toBe(true);
    expect(breaker.tryAcquire(later)).toBe(false); // one probe at a time
    breaker.recordSuccess();
    expect(breaker.state(later)).toBe('closed');
    expect(breaker.tryAcquire(later)).toBe(true);
  });

  it('a failed probe opens the circuit again for a full cooldown', () => {
    const breaker = opened();
    const later = t0 + 2 + 30_000;
    expect(breaker.tryAcquire(later)).toBe(true);
    breaker.recordFailure(later);
    expect(breaker.state(later + 29_999)).toBe('open');
    expect(breaker.state(later + 30_000)).toBe('half-open');
  });

  it('a probe released without an outcome lets the next one through', () => {
    const breaker = opened();
    const later = t0 + 2 + 30_000;
    expect(breaker.tryAcquire(later)).toBe(true);
    breaker.release();
    expect(breaker.tryAcquire(later)).toBe(true);
  });
});
