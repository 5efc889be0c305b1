/**
 * The chat request every scenario sends: a short system + user exchange, about 400 bytes, so the
 * gateway's JSON parse and validation are part of the cost without dominating it.
 */
export function chatRequestBody(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    stream,
    max_tokens: 64,
    temperature: 0.2,
    messages: [
      {
        role: 'system',
        content: 'You are a terse assistant used by a load test. Answer in one short sentence.',
      },
      {
        role: 'user',
        content:
          'Summarize in twenty words why an AI gateway should add as little latency as possible to each request it proxies.',
      },
    ],
  });
}
