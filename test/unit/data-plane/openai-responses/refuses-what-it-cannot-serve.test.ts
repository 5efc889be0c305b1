import { describe, expect, it } from 'vitest';
import type { GatewayError } from '../../../../src/core/gateway-error.js';
import { openAiResponsesDialect } from '../../../../src/data-plane/openai-responses/openai-responses-dialect.js';
import { catchGatewayError } from '../../../support/catch-gateway-error.js';

const refusal = (body: unknown): GatewayError =>
  catchGatewayError(() => openAiResponsesDialect.parseRequest(body, {}));

const base = { model: 'route', input: 'hi' };

interface Case {
  name: string;
  body: Record<string, unknown>;
  code: string;
  param: string;
  message?: RegExp;
}

const cases: Case[] = [
  {
    name: 'previous_response_id, because Portico is stateless',
    body: { ...base, previous_response_id: 'resp_123' },
    code: 'unsupported_parameter',
    param: 'previous_response_id',
    message: /stateless/,
  },
  {
    name: 'a stored conversation',
    body: { ...base, conversation: 'conv_1' },
    code: 'unsupported_parameter',
    param: 'conversation',
    message: /stateless/,
  },
  {
    name: 'a stored prompt template',
    body: { ...base, prompt: { id: 'pmpt_1' } },
    code: 'unsupported_parameter',
    param: 'prompt',
  },
  {
    name: 'background mode',
    body: { ...base, background: true },
    code: 'unsupported_parameter',
    param: 'background',
  },
  {
    name: 'log probabilities',
    body: { ...base, top_logprobs: 3 },
    code: 'unsupported_parameter',
    param: 'top_logprobs',
  },
  {
    name: 'a tool type it does not translate, naming the type',
    body: {
      ...base,
      tools: [
        { type: 'function', name: 'f' },
        { type: 'namespace', name: 'crm', tools: [] },
      ],
    },
    code: 'unsupported_parameter',
    param: 'tools[1].type',
    message: /'namespace'.*'custom'/,
  },
  {
    name: 'a tool_choice naming a built-in tool',
    body: { ...base, tools: [{ type: 'file_search' }], tool_choice: { type: 'file_search' } },
    code: 'unsupported_parameter',
    param: 'tool_choice.type',
    message: /'file_search'.*only on OpenAI/,
  },
  {
    name: "tool_choice 'required' when every tool sent is a built-in one",
    body: { ...base, tools: [{ type: 'web_search' }], tool_choice: 'required' },
    code: 'unsupported_parameter',
    param: 'tool_choice',
    message: /web_search/,
  },
  {
    name: 'an allowed_tools tool_choice',
    body: { ...base, tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [] } },
    code: 'unsupported_parameter',
    param: 'tool_choice.type',
  },
  {
    name: 'a custom tool without a name',
    body: { ...base, tools: [{ type: 'custom', description: 'x' }] },
    code: 'invalid_request',
    param: 'tools[0].name',
  },
  {
    name: 'a grammar format without its definition',
    body: { ...base, tools: [{ type: 'custom', name: 'p', format: { type: 'grammar', syntax: 'lark' } }] },
    code: 'invalid_request',
    param: 'tools[0].format.definition',
  },
  {
    name: 'a custom tool_choice without a name',
    body: { ...base, tool_choice: { type: 'custom' } },
    code: 'invalid_request',
    param: 'tool_choice.name',
  },
  {
    name: 'an item reference',
    body: { ...base, input: [{ type: 'item_reference', id: 'msg_1' }] },
    code: 'unsupported_parameter',
    param: 'input[0].type',
    message: /stateless/,
  },
  {
    name: 'an item reference without type',
    body: { ...base, input: [{ id: 'msg_1' }] },
    code: 'unsupported_parameter',
    param: 'input[0].type',
  },
  {
    name: 'a computer call item, which the client runs but Portico does not translate',
    body: { ...base, input: [{ type: 'computer_call', id: 'cu_1', call_id: 'c', action: {} }] },
    code: 'unsupported_parameter',
    param: 'input[0].type',
    message: /'computer_call'/,
  },
  {
    name: 'a custom tool call without its input',
    body: { ...base, input: [{ type: 'custom_tool_call', call_id: 'c', name: 'apply_patch' }] },
    code: 'invalid_request',
    param: 'input[0].input',
  },
  {
    name: 'a local shell call without a call id',
    body: {
      ...base,
      input: [{ type: 'local_shell_call', status: 'completed', action: { type: 'exec', command: ['ls'] } }],
    },
    code: 'invalid_request',
    param: 'input[0].call_id',
  },
  {
    name: 'a local shell call whose command is not a list',
    body: {
      ...base,
      input: [{ type: 'local_shell_call', call_id: 'c', action: { type: 'exec', command: 'ls' } }],
    },
    code: 'invalid_request',
    param: 'input[0].action.command',
  },
  {
    name: 'an image by file_id',
    body: {
      ...base,
      input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1', detail: 'auto' }] }],
    },
    code: 'unsupported_parameter',
    param: 'input[0].content[0].file_id',
    message: /image_url/,
  },
  {
    name: 'a file',
    body: { ...base, input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] }] },
    code: 'unsupported_parameter',
    param: 'input[0].content[0].type',
  },
  {
    name: 'an image inside a tool output',
    body: {
      ...base,
      input: [
        {
          type: 'function_call_output',
          call_id: 'c',
          output: [{ type: 'input_image', image_url: 'https://x/y.png' }],
        },
      ],
    },
    code: 'unsupported_parameter',
    param: 'input[0].output[0].type',
  },
  {
    name: 'a function call without call_id',
    body: { ...base, input: [{ type: 'function_call', name: 'f', arguments: '{}' }] },
    code: 'invalid_request',
    param: 'input[0].call_id',
  },
  {
    name: 'an output item without call_id',
    body: { ...base, input: [{ type: 'function_call_output', output: 'x' }] },
    code: 'invalid_request',
    param: 'input[0].call_id',
  },
  {
    name: 'an unknown role',
    body: { ...base, input: [{ role: 'robot', content: 'x' }] },
    code: 'invalid_request',
    param: 'input[0].role',
  },
  {
    name: 'an item without type or role',
    body: { ...base, input: [{ content: 'x' }] },
    code: 'invalid_request',
    param: 'input[0].type',
  },
  {
    name: 'an image in a system message',
    body: {
      ...base,
      input: [{ role: 'system', content: [{ type: 'input_image', image_url: 'https://x' }] }],
    },
    code: 'unsupported_parameter',
    param: 'input[0].content[0].type',
  },
  {
    name: 'output_text in a user message',
    body: { ...base, input: [{ role: 'user', content: [{ type: 'output_text', text: 'x' }] }] },
    code: 'invalid_request',
    param: 'input[0].content[0].type',
  },
  {
    name: 'a function tool without a name',
    body: { ...base, tools: [{ type: 'function', parameters: {} }] },
    code: 'invalid_request',
    param: 'tools[0].name',
  },
  {
    name: 'two tools with one name',
    body: {
      ...base,
      tools: [
        { type: 'function', name: 'f' },
        { type: 'function', name: 'f' },
      ],
    },
    code: 'invalid_request',
    param: 'tools[1].name',
  },
  {
    name: 'a function tool_choice without a name',
    body: { ...base, tool_choice: { type: 'function' } },
    code: 'invalid_request',
    param: 'tool_choice.name',
  },
  {
    name: 'a json_schema format without a name',
    body: { ...base, text: { format: { type: 'json_schema', schema: {} } } },
    code: 'invalid_request',
    param: 'text.format.name',
  },
  { name: 'a missing model', body: { input: 'x' }, code: 'invalid_request', param: 'model' },
  { name: 'a missing input', body: { model: 'route' }, code: 'invalid_request', param: 'input' },
  { name: 'an empty input list', body: { ...base, input: [] }, code: 'invalid_request', param: 'input' },
  {
    name: 'temperature out of range',
    body: { ...base, temperature: 3 },
    code: 'invalid_request',
    param: 'temperature',
  },
];

describe('the Responses dialect refuses clearly what it cannot serve', () => {
  it.each(cases)('$name', ({ body, code, param, message }) => {
    const error = refusal(body);
    expect({ code: error.code, param: error.param, status: error.status }).toEqual({
      code,
      param,
      status: 400,
    });
    if (message !== undefined) expect(error.message).toMatch(message);
  });

  it('accepts settings it ignores rather than failing the client', () => {
    const parsed = openAiResponsesDialect.parseRequest(
      {
        ...base,
        store: true,
        previous_response_id: null,
        conversation: null,
        include: ['reasoning.encrypted_content'],
        stream_options: { include_obfuscation: false },
        context_management: [{ type: 'compaction' }],
        max_tool_calls: 5,
        user: 'u',
      },
      {},
    );
    expect(parsed.toCanonical('m', []).user).toBe('u');
  });
});
