/** Every body the fake upstream can send, serialized once at start so answering costs no JSON work. */
export interface FakeResponses {
  /** OpenAI `chat.completion` body. */
  openAiJson: Buffer;
  /** OpenAI stream events (each ending in a blank line): role, N text deltas, finish, `[DONE]`. */
  openAiStream: Buffer[];
  /** The same stream with the usage-only chunk before `[DONE]`, sent when `include_usage` was asked. */
  openAiStreamWithUsage: Buffer[];
  /** Anthropic Messages `message` body. */
  anthropicJson: Buffer;
  /** Anthropic Messages stream events: message_start … N text deltas … message_stop. */
  anthropicStream: Buffer[];
}

const inputTokens = 24;

/** Builds the fake's bodies for answers of `chunks` text pieces (one token each). */
export function buildFakeResponses(chunks: number): FakeResponses {
  const words = Array.from({ length: chunks }, (_, index) => `word${index} `);
  const text = words.join('');
  const openAiChunk = (choices: unknown[], extra: Record<string, unknown> = {}): Buffer =>
    sse(undefined, {
      id: 'chatcmpl-bench',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'bench-model',
      choices,
      ...extra,
    });
  const openAiHead = openAiChunk([
    { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null },
  ]);
  const openAiDeltas = words.map((word) =>
    openAiChunk([{ index: 0, delta: { content: word }, finish_reason: null }]),
  );
  const openAiFinish = openAiChunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
  const openAiUsage = openAiChunk([], {
    usage: { prompt_tokens: inputTokens, completion_tokens: chunks, total_tokens: inputTokens + chunks },
  });
  const done = Buffer.from('data: [DONE]\n\n');
  return {
    openAiJson: json({
      id: 'chatcmpl-bench',
      object: 'chat.completion',
      created: 1,
      model: 'bench-model',
      choices: [
        { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null },
      ],
      usage: { prompt_tokens: inputTokens, completion_tokens: chunks, total_tokens: inputTokens + chunks },
    }),
    openAiStream: [openAiHead, ...openAiDeltas, openAiFinish, done],
    openAiStreamWithUsage: [openAiHead, ...openAiDeltas, openAiFinish, openAiUsage, done],
    anthropicJson: json({
      id: 'msg_bench',
      type: 'message',
      role: 'assistant',
      model: 'claude-bench',
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: chunks },
    }),
    anthropicStream: anthropicStream(words),
  };
}

// Event sequence per https://docs.anthropic.com/en/docs/build-with-claude/streaming
function anthropicStream(words: string[]): Buffer[] {
  return [
    sse('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_bench',
        type: 'message',
        role: 'assistant',
        model: 'claude-bench',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 1 },
      },
    }),
    sse('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }),
    ...words.map((word) =>
      sse('content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: word },
      }),
    ),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: words.length },
    }),
    sse('message_stop', { type: 'message_stop' }),
  ];
}

function sse(event: string | undefined, data: unknown): Buffer {
  return Buffer.from(`${event === undefined ? '' : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`);
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
