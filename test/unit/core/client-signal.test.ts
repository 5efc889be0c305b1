import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientSignal, sleepUnlessAborted } from '../../../src/core/client-signal.js';

describe('ClientSignal', () => {
  it('runs its listeners once, in order, and not the removed ones', () => {
    const signal = new ClientSignal();
    const calls: string[] = [];
    const removed = (): void => void calls.push('removed');
    signal.addEventListener('abort', () => calls.push('first'));
    signal.addEventListener('abort', removed);
    signal.addEventListener('abort', () => calls.push('second'));
    signal.removeEventListener('abort', removed);
    const reason = new Error('gone');
    signal.abort(reason);
    signal.abort(new Error('again'));
    expect(calls).toEqual(['first', 'second']);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
  });

  it('never runs a listener added after the abort, as AbortSignal', () => {
    const signal = new ClientSignal();
    signal.abort(undefined);
    let ran = false;
    signal.addEventListener('abort', () => (ran = true));
    signal.abort(undefined);
    expect(ran).toBe(false);
  });

  it('runs every listener when one throws, then rethrows the first error', () => {
    const signal = new ClientSignal();
    let later = false;
    signal.addEventListener('abort', () => {
      throw new Error('listener failed');
    });
    signal.addEventListener('abort', () => (later = true));
    expect(() => signal.abort(undefined)).toThrow('listener failed');
    expect(later).toBe(true);
  });
});

describe('sleepUnlessAborted', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits the time when nothing aborts', async () => {
    vi.useFakeTimers();
    let slept = false;
    const sleeping = sleepUnlessAborted(30, new ClientSignal()).then(() => {
      slept = true;
    });
    await vi.advanceTimersByTimeAsync(29);
    expect(slept).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(slept).toBe(true);
  });

  it('rejects with an AbortError as soon as the signal aborts, or at once when it already did', async () => {
    vi.useFakeTimers();
    const signal = new ClientSignal();
    const sleeping = sleepUnlessAborted(10_000, signal);
    const outcome = expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(10);
    signal.abort(undefined);
    // Rejected with the clock still 9,990 ms short of the sleep's end.
    await outcome;
    expect(vi.getTimerCount()).toBe(0);
    await expect(sleepUnlessAborted(10_000, signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('accepts a real AbortSignal too', async () => {
    const controller = new AbortController();
    const sleeping = sleepUnlessAborted(10_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
  });
});
