import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResponse, ChatStreamEvent, ToolCall } from '../../../../src/core/chat.js';
import type { ChatDialect } from '../../../../src/pipeline/dialect/chat-dialect.js';
import {
  createOpenAiResponsesDialect,
  openAiResponsesDialect,
} from '../../../../src/data-plane/openai-responses/openai-responses-dialect.js';
import { decodeSseText, type DecodedSseEvent } from '../../../support/decode-sse-text.js';

const grammar = 'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF\n%import common.LF\n';
const applyPatch = {
  type: 'custom',
  name: 'apply_patch',
  description:
    'Use the `apply_patch` tool to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.',
  format: { type: 'grammar', syntax: 'lark', definition: grammar },
};
const shell = {
  type: 'function',
  name: 'shell',
  description: 'Runs a shell command.',
  strict: false,
  parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } } },
};
const patch = '*** Begin Patch\n*** Add File: hello.txt\n+Hello "world" \\ é 😀\n*** End Patch\n';

/** A Codex-shaped request: custom, function, local_shell and built-in tools, reasoning, stateless. */
const codexBody = {
  model: 'route',
  instructions: 'You are Codex.',
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Add hello.txt' }] }],
  tools: [
    shell,
    applyPatch,
    { type: 'local_shell' },
    { type: 'web_search' },
    { type: 'image_generation', output_format: 'png' },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  reasoning: { effort: 'medium', summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: '0199-session',
};

function parse(
  dialect: ChatDialect,
  body: Record<string, unknown>,
): { request: ChatRequest; warnings: string[] } {
  const warnings: string[] = [];
  const request = dialect.parseRequest(body, {}).toCanonical('upstream-model', warnings);
  return { request, warnings };
}

function answer(toolCalls: ToolCall[]): ChatResponse {
  return {
    id: 'x',
    model: 'm',
    created: 1,
    choices: [{ index: 0, text: null, reasoning: [], toolCalls, finishReason: 'tool_calls' }],
  };
}

/** Streams the events through a request's encoder and replays them with the openai SDK's accumulator. */
function stream(
  dialect: ChatDialect,
  events: ChatStreamEvent[],
): { frames: DecodedSseEvent[]; final: Response } {
  const encoder = dialect.createStreamEncoder('m', true);
  const text = events.map((event) => encoder.encode(event) ?? '').join('') + encoder.done();
  const frames = decodeSseText(text);
  let snapshot: Response | undefined;
  for (const frame of frames)
    snapshot = accumulateResponse(frame.data as unknown as ResponseStreamEvent, snapshot);
  if (snapshot === undefined) throw new Error('no events');
  return { frames, final: snapshot };
}

const callStart = (toolIndex: number, id: string, name: string): ChatStreamEvent => ({
  type: 'tool-call-start',
  choice: 0,
  toolIndex,
  id,
  name,
});
const callInput = (toolIndex: number, argumentsDelta: string): ChatStreamEvent => ({
  type: 'tool-input-delta',
  choice: 0,
  toolIndex,
  argumentsDelta,
});
const finish: ChatStreamEvent = { type: 'finish', choice: 0, finishReason: 'tool_calls' };

describe('the Responses dialect with agent tools (Codex)', () => {
  it('turns custom and local_shell tools into functions and drops built-in tools with a warning', () => {
    const { request, warnings } = parse(openAiResponsesDialect, codexBody);
    expect(request.tools?.map((tool) => tool.name)).toEqual(['shell', 'apply_patch', 'local_shell']);
    const custom = request.tools?.[1];
    expect(custom?.description).toContain('FREEFORM tool');
    expect(custom?.description).toContain('pass all of it, unchanged, as the `input` string');
    expect(custom?.parameters).toEqual({
      type: 'object',
      properties: {
        input: {
          type: 'string',
          description: `The free-form input text. It must match this lark grammar:\n${grammar}`,
        },
      },
      required: ['input'],
    });
    expect(request.tools?.[2]?.parameters).toMatchObject({
      properties: { command: { type: 'array', items: { type: 'string' } } },
      required: ['command'],
    });
    expect(request).toMatchObject({
      toolChoice: 'auto',
      parallelToolCalls: false,
      reasoningEffort: 'medium',
    });
    expect(request).not.toHaveProperty('extra');
    expect(warnings).toEqual(['built-in tools web_search, image_generation run only on openai; dropped']);
  });

  it('leaves out tool_choice and parallel_tool_calls when only built-in tools were sent', () => {
    const { request, warnings } = parse(openAiResponsesDialect, {
      model: 'route',
      input: 'News?',
      tools: [{ type: 'web_search_preview' }],
      tool_choice: 'auto',
      parallel_tool_calls: true,
    });
    expect(request).not.toHaveProperty('tools');
    expect(request).not.toHaveProperty('toolChoice');
    expect(request).not.toHaveProperty('parallelToolCalls');
    expect(warnings).toEqual(['built-in tool web_search_preview runs only on openai; dropped']);
  });

  it('maps a custom tool_choice to a named tool choice', () => {
    const { request } = parse(openAiResponsesDialect, {
      ...codexBody,
      tool_choice: { type: 'custom', name: 'apply_patch' },
    });
    expect(request.toolChoice).toEqual({ name: 'apply_patch' });
  });

  it('reads custom tool and local shell calls and their outputs as tool calls and tool messages', () => {
    const { request, warnings } = parse(openAiResponsesDialect, {
      model: 'route',
      input: [
        { role: 'user', content: 'Add hello.txt, then list the files.' },
        {
          type: 'custom_tool_call',
          id: 'ctc_1',
          status: 'completed',
          call_id: 'call_p',
          name: 'apply_patch',
          input: patch,
        },
        {
          type: 'local_shell_call',
          id: 'lsh_1',
          call_id: 'call_s',
          status: 'completed',
          action: {
            type: 'exec',
            command: ['ls', '-a'],
            working_directory: '/repo',
            timeout_ms: 5000,
            env: {},
            user: null,
          },
        },
        { type: 'custom_tool_call_output', call_id: 'call_p', output: 'Done!' },
        { type: 'local_shell_call_output', id: 'call_s', output: '{"output":"hello.txt\\n"}' },
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'x' } },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Added.' }] },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Add hello.txt, then list the files.' }] },
      {
        role: 'assistant',
        content: [],
        toolCalls: [
          { id: 'call_p', name: 'apply_patch', arguments: JSON.stringify({ input: patch }) },
          {
            id: 'call_s',
            name: 'local_shell',
            arguments: '{"command":["ls","-a"],"workdir":"/repo","timeout_ms":5000}',
          },
        ],
      },
      { role: 'tool', toolCallId: 'call_p', content: [{ type: 'text', text: 'Done!' }] },
      { role: 'tool', toolCallId: 'call_s', content: [{ type: 'text', text: '{"output":"hello.txt\\n"}' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Added.' }], toolCalls: [] },
    ]);
    expect(warnings).toEqual(['web_search_call input items record tools that run only on openai; dropped']);
  });

  it('answers calls of custom and local_shell tools as custom_tool_call and local_shell_call items', () => {
    const dialect = createOpenAiResponsesDialect();
    dialect.parseRequest({ ...codexBody, stream: false }, {});
    const body = dialect.encodeResponse(
      answer([
        { id: 'call_p', name: 'apply_patch', arguments: JSON.stringify({ input: patch }) },
        { id: 'call_s', name: 'local_shell', arguments: '{"command":["ls"],"workdir":"/repo"}' },
        { id: 'call_f', name: 'shell', arguments: '{"command":["pwd"]}' },
        { id: 'call_x', name: 'local_shell', arguments: '{"cmd":"ls"}' },
      ]),
    );
    expect(body['output']).toEqual([
      {
        id: expect.stringMatching(/^ctc_/) as unknown,
        type: 'custom_tool_call',
        status: 'completed',
        call_id: 'call_p',
        name: 'apply_patch',
        input: patch,
      },
      {
        id: expect.stringMatching(/^lsh_/) as unknown,
        type: 'local_shell_call',
        status: 'completed',
        call_id: 'call_s',
        action: {
          type: 'exec',
          command: ['ls'],
          env: {},
          timeout_ms: null,
          user: null,
          working_directory: '/repo',
        },
      },
      expect.objectContaining({ type: 'function_call', call_id: 'call_f', arguments: '{"command":["pwd"]}' }),
      // Not a command list: reported as the function call the model made.
      expect.objectContaining({ type: 'function_call', call_id: 'call_x', name: 'local_shell' }),
    ]);
    // The request-free dialect knows no custom tools: every call is a function call.
    const plain = openAiResponsesDialect.encodeResponse(
      answer([{ id: 'c', name: 'apply_patch', arguments: '{}' }]),
    );
    expect(plain['output']).toMatchObject([{ type: 'function_call' }]);
  });

  it('takes a custom call whose arguments are not {"input": ...} as the text itself', () => {
    const dialect = createOpenAiResponsesDialect();
    dialect.parseRequest(codexBody, {});
    const body = dialect.encodeResponse(answer([{ id: 'c', name: 'apply_patch', arguments: patch }]));
    expect(body['output']).toMatchObject([{ type: 'custom_tool_call', input: patch }]);
  });

  it('streams a custom tool call as custom_tool_call_input deltas, escapes split across chunks', () => {
    const dialect = createOpenAiResponsesDialect();
    dialect.parseRequest(codexBody, {});
    const json = JSON.stringify({ input: patch }).replace('😀', '\\ud83d\\ude00');
    // Cut everywhere, including inside `\"`, `\\` and `\u` escapes and between a surrogate pair.
    const chunks = json.match(/.{1,3}/gs) ?? [];
    const { frames, final } = stream(dialect, [
      { type: 'start', id: 'c', model: 'm', created: 1 },
      callStart(0, 'call_p', 'apply_patch'),
      ...chunks.map((chunk) => callInput(0, chunk)),
      finish,
    ]);
    const deltas = frames.filter((frame) => frame.data['type'] === 'response.custom_tool_call_input.delta');
    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas.map((frame) => frame.data['delta']).join('')).toBe(patch);
    for (const frame of deltas) expect(JSON.stringify(frame.data['delta'])).not.toMatch(/\\ud83d"/);
    expect(
      frames.find((frame) => frame.data['type'] === 'response.custom_tool_call_input.done')?.data,
    ).toMatchObject({
      input: patch,
    });
    expect(frames.some((frame) => frame.data['type'] === 'response.function_call_arguments.delta')).toBe(
      false,
    );
    expect(final.output).toEqual([
      expect.objectContaining({
        type: 'custom_tool_call',
        call_id: 'call_p',
        name: 'apply_patch',
        input: patch,
      }),
    ]);
  });

  it('streams the text whole at the end when the arguments are not shaped {"input": ...}', () => {
    const dialect = createOpenAiResponsesDialect();
    dialect.parseRequest(codexBody, {});
    const { frames, final } = stream(dialect, [
      callStart(0, 'call_p', 'apply_patch'),
      callInput(0, '{"patch": 1, '),
      callInput(0, '"input": "x"}'),
      finish,
    ]);
    const deltas = frames.filter((frame) => frame.data['type'] === 'response.custom_tool_call_input.delta');
    expect(deltas.map((frame) => frame.data['delta'])).toEqual(['x']);
    expect(final.output).toMatchObject([{ type: 'custom_tool_call', input: 'x' }]);
  });

  it('streams a local shell call next to a function call, its action complete when the item is done', () => {
    const dialect = createOpenAiResponsesDialect();
    dialect.parseRequest(codexBody, {});
    const { frames, final } = stream(dialect, [
      callStart(0, 'call_s', 'local_shell'),
      callInput(0, '{"command":["git",'),
      callStart(1, 'call_f', 'shell'),
      callInput(0, '"status"]}'),
      callInput(1, '{"command":["pwd"]}'),
      finish,
    ]);
    const added = frames.find((frame) => frame.data['type'] === 'response.output_item.added');
    expect(added?.data['item']).toMatchObject({
      type: 'local_shell_call',
      status: 'in_progress',
      call_id: 'call_s',
    });
    expect(final.output).toEqual([
      expect.objectContaining({
        type: 'local_shell_call',
        status: 'completed',
        call_id: 'call_s',
        action: expect.objectContaining({ type: 'exec', command: ['git', 'status'] }) as unknown,
      }),
      expect.objectContaining({ type: 'function_call', call_id: 'call_f', arguments: '{"command":["pwd"]}' }),
    ]);
  });
});
