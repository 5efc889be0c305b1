import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../../../src/core/chat.js';
import { GatewayError } from '../../../../src/core/gateway-error.js';
import { geminiProviderType } from '../../../../src/providers/gemini/gemini-provider.js';
import { guessImageType } from '../../../../src/providers/gemini-shape/to-gemini-contents.js';
import { toGeminiRequest } from '../../../../src/providers/gemini-shape/to-gemini-request.js';

function chat(messages: ChatMessage[], extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'gemini-2.5-flash', messages, stream: false, includeUsage: false, ...extra };
}

const user = (text: string): ChatMessage => ({ role: 'user', content: [{ type: 'text', text }] });

describe('toGeminiRequest: conversation', () => {
  it('hoists system messages and maps assistant to model', () => {
    const { body } = toGeminiRequest(
      chat([
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        user('Hi'),
        { role: 'assistant', content: [{ type: 'text', text: 'Hello!' }], toolCalls: [] },
        user('Bye'),
      ]),
    );
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Hi' }] },
      { role: 'model', parts: [{ text: 'Hello!' }] },
      { role: 'user', parts: [{ text: 'Bye' }] },
    ]);
  });

  it('merges consecutive turns of one role and drops empty text and reasoning', () => {
    const { body } = toGeminiRequest(
      chat([
        user('one'),
        user(''),
        user('two'),
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'thinking…', signature: 'sig' },
            { type: 'text', text: 'answer' },
          ],
          toolCalls: [],
        },
      ]),
    );
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'one' }, { text: 'two' }] },
      { role: 'model', parts: [{ text: 'answer' }] },
    ]);
    expect(body.systemInstruction).toBeUndefined();
  });

  it('sends data URLs inline and other URLs as fileData with a guessed MIME type', () => {
    const { body } = toGeminiRequest(
      chat([
        {
          role: 'user',
          content: [
            { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
            { type: 'image', url: 'https://example.com/cat.webp?size=2' },
            { type: 'image', data: 'R0lGOD', mediaType: 'image/gif' },
          ],
        },
      ]),
    );
    expect(body.contents[0]?.parts).toEqual([
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp?size=2' } },
      { inlineData: { mimeType: 'image/gif', data: 'R0lGOD' } },
    ]);
  });

  it('guesses image types from the extension and falls back to JPEG', () => {
    expect(guessImageType('https://x.test/a.PNG#frag')).toBe('image/png');
    expect(guessImageType('https://x.test/a.jpeg')).toBe('image/jpeg');
    expect(guessImageType('https://x.test/image')).toBe('image/jpeg');
  });

  it('rejects a data URL that is not base64', () => {
    const request = chat([{ role: 'user', content: [{ type: 'image', url: 'data:image/png,raw' }] }]);
    expect(() => toGeminiRequest(request)).toThrow(GatewayError);
  });
});

describe('toGeminiRequest: tool calls and results', () => {
  const history: ChatMessage[] = [
    user('Weather in Oslo and Rome?'),
    {
      role: 'assistant',
      content: [],
      toolCalls: [
        { id: 'call_a__ts__c2lnLWE=', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { id: 'call_b', name: 'get_time', arguments: '' },
      ],
    },
    { role: 'tool', toolCallId: 'call_a__ts__c2lnLWE=', content: [{ type: 'text', text: '{"temp":3}' }] },
    { role: 'tool', toolCallId: 'call_b', content: [{ type: 'text', text: '12:00' }] },
  ];

  it('sends calls with their thought signature and all results in one user turn', () => {
    const { body } = toGeminiRequest(chat(history));
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Oslo and Rome?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Oslo' } }, thoughtSignature: 'c2lnLWE=' },
          { functionCall: { name: 'get_time', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { temp: 3 } } },
          { functionResponse: { name: 'get_time', response: { content: '12:00' } } },
        ],
      },
    ]);
  });

  it('rejects tool call arguments that are not a JSON object', () => {
    const request = chat([
      { role: 'assistant', content: [], toolCalls: [{ id: 'c', name: 'f', arguments: '{not json' }] },
    ]);
    expect(() => toGeminiRequest(request)).toThrow(
      expect.objectContaining({ code: 'invalid_request', param: 'messages' }),
    );
  });

  it('rejects a tool result whose call id matches no earlier call', () => {
    const request = chat([{ role: 'tool', toolCallId: 'nope', content: [{ type: 'text', text: 'x' }] }]);
    expect(() => toGeminiRequest(request)).toThrow(
      expect.objectContaining({ code: 'invalid_request', param: 'messages[0].tool_call_id' }),
    );
  });

  it('declares tools with parametersJsonSchema and maps every tool choice', () => {
    const tools = [{ name: 'f', description: 'does f', parameters: { type: 'object' } }, { name: 'g' }];
    const { body } = toGeminiRequest(chat([user('x')], { tools, toolChoice: { name: 'g' } }));
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          { name: 'f', description: 'does f', parametersJsonSchema: { type: 'object' } },
          { name: 'g' },
        ],
      },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['g'] } });
    const modes = (['auto', 'none', 'required'] as const).map(
      (toolChoice) =>
        toGeminiRequest(chat([user('x')], { tools, toolChoice })).body.toolConfig?.functionCallingConfig.mode,
    );
    expect(modes).toEqual(['AUTO', 'NONE', 'ANY']);
  });
});

describe('toGeminiRequest: generation settings', () => {
  it('maps sampling and output settings into generationConfig', () => {
    const { body, warnings } = toGeminiRequest(
      chat([user('x')], {
        temperature: 0.2,
        topP: 0.9,
        maxTokens: 100,
        stop: ['END'],
        seed: 7,
        presencePenalty: 0.5,
        frequencyPenalty: 0.25,
        n: 2,
        logprobs: true,
        topLogprobs: 3,
      }),
    );
    expect(body.generationConfig).toEqual({
      temperature: 0.2,
      topP: 0.9,
      maxOutputTokens: 100,
      stopSequences: ['END'],
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: 0.25,
      candidateCount: 2,
      responseLogprobs: true,
      logprobs: 3,
    });
    expect(warnings).toEqual([]);
  });

  it('leaves generationConfig out when nothing is set', () => {
    expect(toGeminiRequest(chat([user('x')])).body).not.toHaveProperty('generationConfig');
  });

  it('asks for JSON, with the schema for json_schema', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const jsonSchema = toGeminiRequest(
      chat([user('x')], { responseFormat: { type: 'json_schema', name: 'a', schema } }),
    );
    expect(jsonSchema.body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
    const jsonObject = toGeminiRequest(chat([user('x')], { responseFormat: { type: 'json_object' } }));
    expect(jsonObject.body.generationConfig).toEqual({ responseMimeType: 'application/json' });
  });

  it('maps reasoning_effort to a thinking budget with thoughts included', () => {
    const budget = (reasoningEffort: string): unknown =>
      toGeminiRequest(chat([user('x')], { reasoningEffort })).body.generationConfig?.thinkingConfig;
    expect(budget('low')).toEqual({ thinkingBudget: 1024, includeThoughts: true });
    expect(budget('medium')).toEqual({ thinkingBudget: 8192, includeThoughts: true });
    expect(budget('high')).toEqual({ thinkingBudget: 24576, includeThoughts: true });
    expect(budget('none')).toEqual({ thinkingBudget: 0 });
  });

  it('warns about settings Gemini cannot honour, repeating only plain names', () => {
    const { warnings } = toGeminiRequest(
      chat([{ role: 'user', content: [{ type: 'text', text: 'x' }], name: 'ann' }], {
        tools: [{ name: 'f' }],
        parallelToolCalls: false,
        user: 'u-1',
        reasoningEffort: 'extreme\r\n',
        extra: { logit_bias: {}, 'bad\nname': 1 },
      }),
    );
    expect(warnings).toEqual([
      'name on messages is not supported by gemini; ignored',
      'parallel_tool_calls=false is not supported by gemini; ignored',
      'reasoning_effort is not supported by gemini; ignored',
      'user is not supported by gemini; ignored',
      'logit_bias, an unnamed field are not supported by gemini; ignored',
    ]);
  });
});

describe('gemini provider: chatRequest', () => {
  const provider = geminiProviderType.create({
    id: 'g',
    type: 'gemini',
    baseUrl: 'https://generativelanguage.googleapis.com/',
    cloud: {},
    apiKey: 'key-1',
    headers: { 'x-extra': 'yes' },
  });

  it('posts to generateContent with the API key header', () => {
    const upstream = provider.chatRequest(chat([user('x')]));
    expect(upstream.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(upstream.headers).toEqual({
      'content-type': 'application/json',
      'x-goog-api-key': 'key-1',
      'x-extra': 'yes',
    });
    expect(upstream).not.toHaveProperty('warnings');
    expect(JSON.parse(upstream.body ?? '')).toEqual({ contents: [{ role: 'user', parts: [{ text: 'x' }] }] });
  });

  it('streams through streamGenerateContent with alt=sse and keeps tuned model names', () => {
    const upstream = provider.chatRequest(chat([user('x')], { model: 'tunedModels/mine', stream: true }));
    expect(upstream.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/tunedModels/mine:streamGenerateContent?alt=sse',
    );
  });
});
