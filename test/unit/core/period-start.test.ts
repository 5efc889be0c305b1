import { describe, expect, it } from 'vitest';
import { periodStart } from '../../../src/core/period-start.js';

describe('periodStart', () => {
  const now = Date.UTC(2026, 11, 3, 15, 30); // Thursday 3 December 2026, 15:30 UTC
  it('starts a day at UTC midnight', () => expect(periodStart('day', now)).toBe(Date.UTC(2026, 11, 3)));
  it('starts a week on Monday 00:00 UTC', () =>
    expect(periodStart('week', now)).toBe(Date.UTC(2026, 10, 30)));
  it('keeps a Monday and moves a Sunday back six days', () => {
    expect(periodStart('week', Date.UTC(2026, 10, 30, 0, 0))).toBe(Date.UTC(2026, 10, 30));
    expect(periodStart('week', Date.UTC(2026, 11, 6, 23, 59))).toBe(Date.UTC(2026, 10, 30));
  });
  it('starts a month on the first, UTC', () => expect(periodStart('month', now)).toBe(Date.UTC(2026, 11, 1)));
});
