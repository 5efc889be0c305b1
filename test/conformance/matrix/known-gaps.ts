/**
 * Matrix cells that fail because of a gateway gap, by cell name, each with the gap it shows.
 * Such a cell runs as `it.fails`, so it turns red once the gap is fixed: the entry goes with the fix.
 */
export const knownGaps: ReadonlyMap<string, string> = new Map([
  [
    // decode-gemini-generation-config.ts forwards responseLogprobs/logprobs upstream, but
    // encode-gemini-response.ts and gemini-stream-encoder.ts never write a candidate's
    // `logprobsResult`, so the client pays for logprobs and silently gets none back.
    'gemini → openai/text',
    'the Gemini dialect drops logprobs from its answers',
  ],
]);
