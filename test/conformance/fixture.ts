import type { JsonObject, JsonValue } from '../../src/core/chat.js';

/**
 * One recorded exchange for the provider conformance suite. The runner starts a fake upstream
 * that answers with `upstream`, configures Portico with one provider of the fixture's type
 * pointing at it, sends `request` as an OpenAI client would, and checks both sides.
 * Files live in `test/fixtures/providers/<provider-type>/<scenario>.json`.
 */
export interface ProviderFixture {
  /** What the exchange shows, one sentence. */
  description: string;
  /** Provider settings beyond type and base URL (e.g. `{ "api_version": "2024-10-21" }`). */
  provider?: JsonObject;
  /** The upstream model id the route maps to. */
  upstreamModel: string;
  /** OpenAI Chat Completions body as the client sends it; `model` is replaced by the runner's route name. */
  request: JsonObject;
  /** What the upstream must receive. */
  expectUpstream: {
    /** Path (and query) of the upstream call, e.g. `/v1/messages`. */
    path: string;
    /** Headers that must be present with these exact values (lower-case names). */
    headers?: Record<string, string>;
    /** Headers whose values must match these regular expressions (for signatures and dates that change per call). */
    headerPatterns?: Record<string, string>;
    /** Deep subset of the JSON body the upstream must receive. */
    body?: JsonObject;
    /** Top-level body fields that must be absent. */
    absent?: string[];
  };
  /** The upstream's answer. Exactly one of `body`, `sse` and `eventStream` is set. */
  upstream: {
    status: number;
    headers?: Record<string, string>;
    /** JSON body (non-streamed responses and errors). */
    body?: JsonValue;
    /** SSE events, each the exact text of one event without its trailing blank line. */
    sse?: string[];
    /**
     * AWS event-stream frames (Bedrock): string headers such as `:event-type` and a JSON payload,
     * encoded to `application/vnd.amazon.eventstream` with correct CRCs by the runner.
     */
    eventStream?: { headers: Record<string, string>; payload: JsonValue }[];
  };
  /** What the OpenAI client must get. */
  expect: {
    status: number;
    /** Deep subset of the JSON body (non-streamed or error). */
    body?: JsonObject;
    /**
     * For streams: the chunks assembled into one message (content joined, tool call arguments
     * joined per index), compared as a deep subset.
     */
    assembled?: {
      content?: string | null;
      reasoning?: string;
      toolCalls?: { id: string; name: string; arguments: string }[];
      finishReason?: string;
      usage?: JsonObject;
    };
  };
}
