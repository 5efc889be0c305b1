import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, type FakeReply, type RecordedRequest } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

// The "done when": a Codex-style client (OpenAI Responses, custom apply_patch tool) and a
// Claude-Code-style client (Anthropic Messages, server tools, thinking) both work against
// OpenAI-format, Anthropic and Gemini upstreams. Wire examples: test/fixtures/providers/*/.

const key = 'pk-agents-0123456789abcdef';

/** What Codex's apply_patch tool writes: quotes, backslashes and non-ASCII exercise the escaping. */
const patch = '*** Begin Patch\n*** Add File: hello.txt\n+Hello "world" \\ é 😀\n*** End Patch\n';
const patchArguments = JSON.stringify({ input: patch });
const grammar =
  'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF\nend_patch: "*** End Patch" LF?\n%import common.LF\n';

/** Cuts text into pieces of `size` characters, as upstreams stream tool arguments. */
const pieces = (text: string, size: number): string[] =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, index) =>
    text.slice(index * size, (index + 1) * size),
  );

// --- Fake upstreams, answering in each vendor's streamed wire format --------------------------

const openAiChunk = (
  delta: unknown,
  finish: string | null = null,
  extra: Record<string, unknown> = {},
): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-a', object: 'chat.completion.chunk', created: 1, model: 'gpt-5-upstream', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}`;

/** An OpenAI stream calling `name` with `args`, fragmented, usage after the finish. */
function openAiToolStream(callId: string, name: string, args: string, text?: string): string[] {
  return [
    openAiChunk({ role: 'assistant', content: text ?? null }),
    openAiChunk({
      tool_calls: [{ index: 0, id: callId, type: 'function', function: { name, arguments: '' } }],
    }),
    ...pieces(args, 7).map((part) =>
      openAiChunk({ tool_calls: [{ index: 0, function: { arguments: part } }] }),
    ),
    openAiChunk({}, 'tool_calls'),
    `data: ${JSON.stringify({ id: 'chatcmpl-a', object: 'chat.completion.chunk', created: 1, model: 'gpt-5-upstream', choices: [], usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 } })}`,
    'data: [DONE]',
  ];
}

const anthropicEvent = (data: Record<string, unknown>): string =>
  `event: ${String(data['type'])}\ndata: ${JSON.stringify(data)}`;
const signature = 'EqQBCgIYAhIMsigned-by-anthropic==';

/** An Anthropic stream: signed thinking, then a tool_use whose input arrives in fragments. */
function anthropicToolStream(callId: string, name: string, args: string): string[] {
  return [
    anthropicEvent({
      type: 'message_start',
      message: {
        id: 'msg_01Agent',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: 40,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 2,
        },
      },
    }),
    anthropicEvent({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'thinking', thinking: '', signature: '' },
    }),
    anthropicEvent({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'thinking_delta', thinking: 'A new file.' },
    }),
    anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature } }),
    anthropicEvent({ type: 'content_block_stop', index: 0 }),
    anthropicEvent({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: callId, name, input: {} },
    }),
    ...pieces(args, 9).map((part) =>
      anthropicEvent({
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: part },
      }),
    ),
    anthropicEvent({ type: 'content_block_stop', index: 1 }),
    anthropicEvent({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 60 },
    }),
    anthropicEvent({ type: 'message_stop' }),
  ];
}

/** A Gemini stream: a thought, then the call whole, as Gemini sends function calls. */
function geminiToolStream(name: string, args: Record<string, unknown>): string[] {
  const chunk = (parts: unknown[], finishReason?: string): string =>
    `data: ${JSON.stringify({
      candidates: [
        {
          content: { role: 'model', parts },
          index: 0,
          ...(finishReason === undefined ? {} : { finishReason }),
        },
      ],
      usageMetadata: {
        promptTokenCount: 30,
        candidatesTokenCount: 12,
        thoughtsTokenCount: 8,
        totalTokenCount: 50,
      },
      modelVersion: 'gemini-2.5-pro',
      responseId: 'resp-agent',
    })}`;
  return [
    chunk([{ text: 'Planning the change.', thought: true }]),
    chunk([{ functionCall: { name, args } }], 'STOP'),
  ];
}

/** A fake upstream whose answer a test sets; requests are recorded. */
class ScriptedUpstream extends FakeUpstream {
  private script: (request: RecordedRequest) => FakeReply = () => ({ kind: 'json', status: 500, body: {} });
  constructor() {
    super((request) => this.script(request));
  }
  answer(events: string[]): void {
    this.script = () => ({ kind: 'sse', events });
  }
  last(): RecordedRequest {
    const request = this.requests.at(-1);
    if (request === undefined) throw new Error('the upstream was not called');
    return request;
  }
  lastBody(): Record<string, unknown> {
    return this.last().body as Record<string, unknown>;
  }
}

describe('agent clients through Portico, against non-native providers', () => {
  const openAiUp = new ScriptedUpstream();
  const anthropicUp = new ScriptedUpstream();
  const geminiUp = new ScriptedUpstream();
  let gateway: TestGateway;
  let origin = '';

  beforeAll(async () => {
    const [openAiBase, anthropicBase, geminiBase] = await Promise.all([
      openAiUp.start(),
      anthropicUp.start(),
      geminiUp.start(),
    ]);
    gateway = await startGateway(`
providers:
  - { id: gpt, type: openai-compatible, base_url: ${openAiBase}/v1 }
  - { id: claude, type: anthropic, api_key: sk-ant-test, base_url: ${anthropicBase} }
  - { id: gemini, type: gemini, api_key: g-key, base_url: ${geminiBase} }
models:
  - { name: agent-gpt, targets: [{ provider: gpt, model: gpt-5-upstream }] }
  - { name: agent-claude, targets: [{ provider: claude, model: claude-sonnet-4-5 }] }
  - { name: agent-gemini, targets: [{ provider: gemini, model: gemini-2.5-pro }] }
keys:
  - { name: dev, key: ${key} }
`);
    origin = new URL(gateway.url).origin;
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all([openAiUp.stop(), anthropicUp.stop(), geminiUp.stop()]);
  });

  describe('a Codex-style client (Responses, custom apply_patch tool)', () => {
    const codexTools: OpenAI.Responses.Tool[] = [
      {
        type: 'function',
        name: 'shell',
        description: 'Runs a shell command and returns its output.',
        strict: false,
        parameters: {
          type: 'object',
          properties: { command: { type: 'array', items: { type: 'string' } }, workdir: { type: 'string' } },
          required: ['command'],
          additionalProperties: false,
        },
      },
      {
        type: 'custom',
        name: 'apply_patch',
        description:
          'Use the `apply_patch` tool to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.',
        format: { type: 'grammar', syntax: 'lark', definition: grammar },
      },
      { type: 'web_search' },
    ];
    const codexRequest = (
      model: string,
      input: ResponseInputItem[],
    ): OpenAI.Responses.ResponseCreateParamsStreaming => ({
      model,
      instructions: 'You are Codex, a coding agent.',
      input,
      tools: codexTools,
      tool_choice: 'auto',
      parallel_tool_calls: false,
      reasoning: { effort: 'medium', summary: 'auto' },
      store: false,
      stream: true,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: '0199a1b2-session',
    });
    const firstTurn: ResponseInputItem[] = [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Create hello.txt.' }] },
    ];

    /** Runs one streamed turn as Codex does, returning every event and the response headers. */
    async function codexTurn(model: string, input: ResponseInputItem[]) {
      const client = new OpenAI({ apiKey: key, baseURL: gateway.url, maxRetries: 0 });
      const { data, response } = await client.responses.create(codexRequest(model, input)).withResponse();
      const events: ResponseStreamEvent[] = [];
      for await (const event of data) events.push(event);
      const completed = events.at(-1);
      if (completed?.type !== 'response.completed')
        throw new Error(`stream ended with ${String(completed?.type)}`);
      return { events, final: completed.response, headers: response.headers };
    }

    /**
     * The stream is complete and consistent, and the patch comes back as a custom_tool_call,
     * streamed in as many deltas as the upstream sent pieces (Gemini sends a call whole).
     */
    function expectPatchCall(
      events: ResponseStreamEvent[],
      output: OpenAI.Responses.ResponseOutputItem[],
      callId: string,
      streamedInPieces = true,
    ): void {
      expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
      const types = events.map((event) => event.type);
      expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
      const deltas = events.flatMap((event) =>
        event.type === 'response.custom_tool_call_input.delta' ? [event.delta] : [],
      );
      expect(deltas.length > 1).toBe(streamedInPieces);
      expect(deltas.join('')).toBe(patch);
      expect(events.find((event) => event.type === 'response.custom_tool_call_input.done')).toMatchObject({
        input: patch,
      });
      expect(types).not.toContain('response.function_call_arguments.delta');
      const call = output.find((item) => item.type === 'custom_tool_call');
      expect(call).toMatchObject({
        type: 'custom_tool_call',
        call_id: callId,
        name: 'apply_patch',
        input: patch,
      });
      expect(call?.id).toMatch(/^ctc_/);
    }

    /** The upstream saw apply_patch as a function taking `input`, the grammar in its description, and no web_search. */
    function expectToolsAsFunctions(names: string[], schemaOf: (name: string) => unknown): void {
      expect(names).toEqual(['shell', 'apply_patch']);
      expect(schemaOf('apply_patch')).toMatchObject({
        type: 'object',
        properties: {
          input: {
            type: 'string',
            description: expect.stringContaining('begin_patch hunk+ end_patch') as unknown,
          },
        },
        required: ['input'],
      });
    }

    it('works against an OpenAI-format upstream', async () => {
      openAiUp.answer(openAiToolStream('call_patch1', 'apply_patch', patchArguments));
      const { events, final, headers } = await codexTurn('agent-gpt', firstTurn);
      expectPatchCall(events, final.output, 'call_patch1');
      expect(final.usage).toMatchObject({ input_tokens: 50, output_tokens: 20 });
      expect(headers.get('x-portico-warnings')).toContain(
        'built-in tool web_search runs only on openai; dropped',
      );

      const sent = openAiUp.lastBody();
      const tools = sent['tools'] as { function: { name: string; parameters: unknown } }[];
      expectToolsAsFunctions(
        tools.map((tool) => tool.function.name),
        (name) => tools.find((tool) => tool.function.name === name)?.function.parameters,
      );
      expect(sent).toMatchObject({
        tool_choice: 'auto',
        parallel_tool_calls: false,
        reasoning_effort: 'medium',
        stream: true,
      });
      for (const field of ['store', 'include', 'prompt_cache_key', 'reasoning', 'instructions', 'input'])
        expect(sent).not.toHaveProperty(field);

      // Codex's next turn: the call and its output go back; the upstream sees a tool round trip.
      openAiUp.answer(openAiToolStream('call_ls', 'shell', '{"command":["ls"]}', 'Checking.'));
      await codexTurn('agent-gpt', [
        ...firstTurn,
        ...(final.output as ResponseInputItem[]),
        { type: 'custom_tool_call_output', call_id: 'call_patch1', output: 'Success. Updated: A hello.txt' },
      ]);
      expect(openAiUp.lastBody()['messages']).toEqual([
        { role: 'system', content: 'You are Codex, a coding agent.' },
        { role: 'user', content: [{ type: 'text', text: 'Create hello.txt.' }] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_patch1',
              type: 'function',
              function: { name: 'apply_patch', arguments: patchArguments },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_patch1', content: 'Success. Updated: A hello.txt' },
      ]);
    });

    it('works against an Anthropic upstream, thinking signature carried to the next turn', async () => {
      anthropicUp.answer(anthropicToolStream('toolu_01Patch', 'apply_patch', patchArguments));
      const { events, final } = await codexTurn('agent-claude', firstTurn);
      expectPatchCall(events, final.output, 'toolu_01Patch');
      expect(final.output[0]).toMatchObject({
        type: 'reasoning',
        encrypted_content: `portico:thinking:${signature}`,
      });

      const sent = anthropicUp.lastBody();
      const tools = sent['tools'] as { name: string; input_schema: unknown }[];
      expectToolsAsFunctions(
        tools.map((tool) => tool.name),
        (name) => tools.find((tool) => tool.name === name)?.input_schema,
      );
      expect(sent).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 8192 }, stream: true });

      anthropicUp.answer(anthropicToolStream('toolu_02Ls', 'shell', '{"command":["ls"]}'));
      await codexTurn('agent-claude', [
        ...firstTurn,
        ...(final.output as ResponseInputItem[]),
        { type: 'custom_tool_call_output', call_id: 'toolu_01Patch', output: 'Done!' },
      ]);
      const messages = anthropicUp.lastBody()['messages'] as unknown[];
      expect(messages.slice(1)).toMatchObject([
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'A new file.', signature },
            { type: 'tool_use', id: 'toolu_01Patch', name: 'apply_patch', input: { input: patch } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01Patch' }] },
      ]);
    });

    it('works against a Gemini upstream', async () => {
      geminiUp.answer(geminiToolStream('apply_patch', { input: patch }));
      const { events, final } = await codexTurn('agent-gemini', firstTurn);
      const call = final.output.find((item) => item.type === 'custom_tool_call');
      expectPatchCall(events, final.output, call?.type === 'custom_tool_call' ? call.call_id : '', false);
      expect(final.output[0]).toMatchObject({
        type: 'reasoning',
        summary: [{ text: 'Planning the change.' }],
      });

      expect(geminiUp.last().url).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
      const declarations =
        (
          geminiUp.lastBody()['tools'] as {
            functionDeclarations: { name: string; parametersJsonSchema: unknown }[];
          }[]
        )[0]?.functionDeclarations ?? [];
      expectToolsAsFunctions(
        declarations.map((declaration) => declaration.name),
        (name) => declarations.find((declaration) => declaration.name === name)?.parametersJsonSchema,
      );
    });
  });

  describe('a Claude-Code-style client (Messages, server tools, thinking)', () => {
    /** Anthropic-only request fields no other upstream may receive. */
    const anthropicOnly = [
      'thinking',
      'top_k',
      'context_management',
      'metadata',
      'service_tier',
      'container',
      'mcp_servers',
    ];
    const headersSeen: Headers[] = [];
    const client = (): Anthropic =>
      new Anthropic({
        apiKey: key,
        baseURL: origin,
        maxRetries: 0,
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          headersSeen.push(response.headers);
          return response;
        },
      });
    const claudeCodeRequest = (model: string): Anthropic.Beta.MessageCreateParamsStreaming => ({
      model,
      max_tokens: 32000,
      stream: true,
      system: [
        { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
        { type: 'text', text: 'Work in /repo.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'text',
              text: 'List the files, then read README.md.',
              cache_control: { type: 'ephemeral' },
            },
          ],
        },
      ],
      tools: [
        {
          name: 'Bash',
          description: 'Executes a bash command.',
          input_schema: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            properties: { command: { type: 'string' }, timeout: { type: 'number' } },
            required: ['command'],
            additionalProperties: false,
          },
        },
        {
          name: 'Read',
          description: 'Reads a file.',
          input_schema: {
            type: 'object',
            properties: { file_path: { type: 'string' } },
            required: ['file_path'],
          },
        },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 8 },
      ],
      tool_choice: { type: 'auto' },
      thinking: { type: 'enabled', budget_tokens: 10000 },
      metadata: { user_id: 'user_0f3a_account__session_9c1d' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      betas: ['claude-code-20250219', 'interleaved-thinking-2025-05-14', 'context-management-2025-06-27'],
    });

    /** Streams a turn; checks every delta belongs to the block started last and the stream ends with message_stop. */
    async function claudeCodeTurn(model: string) {
      const stream = client().beta.messages.stream(claudeCodeRequest(model));
      const types: string[] = [];
      let lastStarted = -1;
      const stray: number[] = [];
      stream.on('streamEvent', (event) => {
        types.push(event.type);
        if (event.type === 'content_block_start') lastStarted = event.index;
        if (event.type === 'content_block_delta' && event.index !== lastStarted) stray.push(event.index);
      });
      const message = await stream.finalMessage();
      expect(stray).toEqual([]);
      expect(types[0]).toBe('message_start');
      expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
      expect(types.filter((type) => type === 'content_block_start').length).toBe(
        types.filter((type) => type === 'content_block_stop').length,
      );
      expect(message.stop_reason).toBe('tool_use');
      const warnings = headersSeen.at(-1)?.get('x-portico-warnings') ?? '';
      expect(warnings).toContain('server tool web_search_20250305 runs only on anthropic; dropped');
      return message;
    }

    it('works against an OpenAI-format upstream, which never sees Anthropic-only fields', async () => {
      openAiUp.answer(openAiToolStream('call_bash', 'Bash', '{"command":"ls -la"}', 'Let me look.'));
      const message = await claudeCodeTurn('agent-gpt');
      expect(message.content).toEqual([
        expect.objectContaining({ type: 'text', text: 'Let me look.' }),
        expect.objectContaining({
          type: 'tool_use',
          id: 'call_bash',
          name: 'Bash',
          input: { command: 'ls -la' },
        }),
      ]);
      expect(message.usage).toMatchObject({ input_tokens: 50, output_tokens: 20 });

      const received = openAiUp.last();
      const sent = received.body as Record<string, unknown>;
      for (const field of anthropicOnly) expect(sent).not.toHaveProperty(field);
      expect(received.headers['anthropic-beta']).toBeUndefined();
      expect((sent['tools'] as { function: { name: string } }[]).map((tool) => tool.function.name)).toEqual([
        'Bash',
        'Read',
      ]);
      expect(sent).toMatchObject({
        tool_choice: 'auto',
        reasoning_effort: 'medium',
        max_completion_tokens: 32000,
        user: 'user_0f3a_account__session_9c1d',
        messages: [
          {
            role: 'system',
            content: "You are Claude Code, Anthropic's official CLI for Claude.Work in /repo.",
          },
          { role: 'user', content: [{ type: 'text', text: 'List the files, then read README.md.' }] },
        ],
      });
      const warnings = headersSeen.at(-1)?.get('x-portico-warnings') ?? '';
      expect(warnings).toContain('context_management');
    });

    it('works against a Gemini upstream, which never sees Anthropic-only fields', async () => {
      geminiUp.answer(geminiToolStream('Read', { file_path: 'README.md' }));
      const message = await claudeCodeTurn('agent-gemini');
      expect(message.content).toEqual([
        expect.objectContaining({ type: 'thinking', thinking: 'Planning the change.' }),
        expect.objectContaining({ type: 'tool_use', name: 'Read', input: { file_path: 'README.md' } }),
      ]);

      const sent = geminiUp.lastBody();
      for (const field of anthropicOnly) expect(sent).not.toHaveProperty(field);
      expect(JSON.stringify(sent)).not.toContain('web_search');
      expect(JSON.stringify(sent)).not.toContain('clear_thinking');
      const declarations = (sent['tools'] as { functionDeclarations: { name: string }[] }[])[0]
        ?.functionDeclarations;
      expect(declarations?.map((declaration) => declaration.name)).toEqual(['Bash', 'Read']);
      expect(sent).toMatchObject({
        generationConfig: { maxOutputTokens: 32000, thinkingConfig: { includeThoughts: true } },
      });
    });
  });
});
