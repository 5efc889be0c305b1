import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { geminiDialect } from '../../../../src/data-plane/gemini/gemini-dialect.js';
import { SseDecoder } from '../../../../src/upstream/sse-decoder.js';

/** The upstream events of a recorded Gemini stream fixture. */
function fixtureEvents(name: string): string[] {
  const fixture = JSON.parse(readFileSync(`test/fixtures/providers/gemini/${name}.json`, 'utf8')) as {
    upstream: { sse: string[] };
  };
  return fixture.upstream.sse.flatMap((frame) =>
    new SseDecoder().push(`${frame}\n\n`).map((event) => event.data),
  );
}

describe('watching a Gemini stream passed through untouched', () => {
  it('forwards every event and keeps the final usage, thoughts included', () => {
    const observer = geminiDialect.createPassthroughObserver(true);
    const hidden = fixtureEvents('thinking-stream').map((data) =>
      observer.observe({ event: undefined, data }),
    );
    expect(hidden.every((drop) => !drop)).toBe(true);
    expect(observer.usage()).toEqual({
      inputTokens: 8,
      outputTokens: 70,
      totalTokens: 78,
      reasoningTokens: 60,
    });
    expect(observer.end()).toBe('');
  });

  it('accepts a prompt Gemini blocked as finished', () => {
    const observer = geminiDialect.createPassthroughObserver(true);
    for (const data of fixtureEvents('prompt-blocked-stream')) observer.observe({ event: undefined, data });
    expect(() => observer.end()).not.toThrow();
    expect(observer.usage()?.inputTokens).toBe(6);
  });

  it('refuses a stream cut off before any finish reason', () => {
    const observer = geminiDialect.createPassthroughObserver(true);
    const [first] = fixtureEvents('text-stream');
    observer.observe({ event: undefined, data: first ?? '' });
    expect(() => observer.end()).toThrow(/ended before it finished/);
  });
});
