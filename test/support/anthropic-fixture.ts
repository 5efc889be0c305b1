import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What a recorded Anthropic exchange (test/fixtures/providers/anthropic/*.json) answered. */
export interface AnthropicFixtureUpstream {
  status: number;
  /** The streamed events, each `event: …\ndata: …` without its blank line. */
  sse?: string[];
  /** The whole JSON body of a non-streamed answer. */
  body?: unknown;
}

/** The recorded upstream answer of one Anthropic fixture, by file name without `.json`. */
export function anthropicFixtureUpstream(name: string): AnthropicFixtureUpstream {
  const file = fileURLToPath(new URL(`../fixtures/providers/anthropic/${name}.json`, import.meta.url));
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as { upstream: AnthropicFixtureUpstream };
  return fixture.upstream;
}
