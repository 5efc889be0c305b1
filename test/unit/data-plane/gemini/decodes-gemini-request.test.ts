import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src/core/chat.js';
import type { GatewayError } from '../../../../src/core/gateway-error.js';
import { geminiDialect } from '../../../../src/data-plane/gemini/gemini-dialect.js';
import { catchGatewayError } from '../../../support/catch-gateway-error.js';

const generate = { pathModel: 'my-route', pathAction: 'generateContent' };

/** Parses and translates a body as the pipeline does for a provider that does not speak Gemini. */
function translate(body: unknown): { request: ChatRequest } {
  return { request: geminiDialect.parseRequest(body, generate).toCanonical('upstream-model', []) };
}

const refusal = (body: unknown): GatewayError => catchGatewayError(() => translate(body));

describe('decoding a Gemini request to the canonical model', () => {
  it('takes the route from the path and the stream mode from the action', () => {
    const body = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };
    const plain = geminiDialect.parseRequest(body, generate);
    expect(plain).toMatchObject({ routeName: 'my-route', stream: false, includeUsage: true });
    const streamed = geminiDialect.parseRequest(body, {
      pathModel: 'r',
      pathAction: 'streamGenerateContent',
    });
    expect(streamed.stream).toBe(true);
    expect(streamed.toCanonical('m', [])).toMatchObject({ model: 'm', stream: true, includeUsage: true });
    expect(plain.passthroughBody('m')).toBe(body);
  });

  it('maps the system instruction, turns, images and sampling settings', () => {
    const { request } = translate({
      systemInstruction: { parts: [{ text: 'Be brief.' }, { text: ' Always.' }] },
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'What is this?' },
            { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
            { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.jpg' } },
          ],
        },
        { role: 'model', parts: [{ text: 'A ' }, { text: 'cat.' }] },
        { parts: [{ text: 'Sure?' }] },
      ],
      generationConfig: {
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 99,
        stopSequences: ['END'],
        seed: 3,
        candidateCount: 2,
        presencePenalty: 0.5,
        frequencyPenalty: 0.25,
        responseLogprobs: true,
        logprobs: 2,
      },
    });
    expect(request).toEqual({
      model: 'upstream-model',
      stream: false,
      includeUsage: true,
      messages: [
        {
          role: 'system',
          content: [
            { type: 'text', text: 'Be brief.' },
            { type: 'text', text: ' Always.' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
            { type: 'image', mediaType: 'image/jpeg', url: 'https://example.com/cat.jpg' },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'A cat.' }], toolCalls: [] },
        { role: 'user', content: [{ type: 'text', text: 'Sure?' }] },
      ],
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 99,
      stop: ['END'],
      seed: 3,
      n: 2,
      presencePenalty: 0.5,
      frequencyPenalty: 0.25,
      logprobs: true,
      topLogprobs: 2,
    });
  });

  it('gives id-less function calls stable ids and matches responses by id, else by name', () => {
    const { request } = translate({
      contents: [
        { role: 'user', parts: [{ text: 'Weather in Oslo and Rome?' }] },
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'weather', args: { city: 'Oslo' } } },
            { functionCall: { id: 'fc_rome', name: 'weather', args: { city: 'Rome' } } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { id: 'fc_rome', name: 'weather', response: { output: 'sunny' } } },
            { functionResponse: { name: 'weather', response: { temperature: 3 } } },
            { text: 'Thanks' },
          ],
        },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [],
        toolCalls: [
          { id: 'call_1_0', name: 'weather', arguments: '{"city":"Oslo"}' },
          { id: 'fc_rome', name: 'weather', arguments: '{"city":"Rome"}' },
        ],
      },
      { role: 'tool', toolCallId: 'fc_rome', content: [{ type: 'text', text: 'sunny' }] },
      { role: 'tool', toolCallId: 'call_1_0', content: [{ type: 'text', text: '{"temperature":3}' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ]);
  });

  it('joins streamed thought parts into one reasoning block closed by its signature', () => {
    const { request } = translate({
      contents: [
        { role: 'user', parts: [{ text: 'Think' }] },
        {
          role: 'model',
          parts: [
            { text: 'Step 1. ', thought: true },
            { text: 'Step 2.', thought: true },
            { text: '', thought: true, thoughtSignature: 'sig-a' },
            { text: 'Done', thoughtSignature: 'ignored-on-text' },
          ],
        },
      ],
    });
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Step 1. Step 2.', signature: 'sig-a' },
        { type: 'text', text: 'Done' },
      ],
      toolCalls: [],
    });
  });

  it('maps function declarations, OpenAPI schemas and calling modes', () => {
    const { request } = translate({
      contents: [{ parts: [{ text: 'x' }] }],
      tools: [
        {
          functionDeclarations: [
            {
              name: 'weather',
              description: 'Weather for a city',
              parameters: {
                type: 'OBJECT',
                properties: { city: { type: 'STRING', nullable: true }, days: { type: 'INTEGER' } },
                required: ['city'],
                propertyOrdering: ['city', 'days'],
              },
            },
            {
              name: 'time',
              parametersJsonSchema: { type: 'object', properties: { tz: { type: 'string' } } },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['time'] } },
    });
    expect(request.tools).toEqual([
      {
        name: 'weather',
        description: 'Weather for a city',
        parameters: {
          type: 'object',
          properties: { city: { type: ['string', 'null'] }, days: { type: 'integer' } },
          required: ['city'],
        },
      },
      { name: 'time', parameters: { type: 'object', properties: { tz: { type: 'string' } } } },
    ]);
    expect(request.toolChoice).toEqual({ name: 'time' });
    const choiceFor = (mode: string): unknown =>
      translate({ contents: [{ parts: [{ text: 'x' }] }], toolConfig: { functionCallingConfig: { mode } } })
        .request.toolChoice;
    expect([choiceFor('AUTO'), choiceFor('NONE'), choiceFor('ANY')]).toEqual(['auto', 'none', 'required']);
  });

  it('maps structured output and thinking settings', () => {
    const config = (generationConfig: object): ChatRequest =>
      translate({ contents: [{ parts: [{ text: 'x' }] }], generationConfig }).request;
    expect(config({ responseMimeType: 'application/json' }).responseFormat).toEqual({ type: 'json_object' });
    expect(
      config({ responseMimeType: 'application/json', responseJsonSchema: { type: 'object' } }).responseFormat,
    ).toEqual({ type: 'json_schema', name: 'response', schema: { type: 'object' } });
    expect(
      config({
        responseMimeType: 'application/json',
        responseSchema: { type: 'ARRAY', items: { type: 'STRING' } },
      }).responseFormat,
    ).toEqual({
      type: 'json_schema',
      name: 'response',
      schema: { type: 'array', items: { type: 'string' } },
    });
    expect(config({ thinkingConfig: { thinkingLevel: 'HIGH' } }).reasoningEffort).toBe('high');
    expect(config({ thinkingConfig: { thinkingBudget: 512 } }).reasoningEffort).toBe('low');
    expect(config({ thinkingConfig: { thinkingBudget: 4096 } }).reasoningEffort).toBe('medium');
    expect(config({ thinkingConfig: { thinkingBudget: 30000 } }).reasoningEffort).toBe('high');
    expect(config({ thinkingConfig: { thinkingBudget: 0 } }).reasoningEffort).toBeUndefined();
  });

  it('drops what only Gemini can honour with a warning each', () => {
    const warnings: string[] = [];
    const parsed = geminiDialect.parseRequest(
      {
        contents: [{ parts: [{ text: 'x' }] }],
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        tools: [{ googleSearch: {} }],
        generationConfig: { topK: 40, responseModalities: ['TEXT'] },
      },
      { pathModel: 'r' },
    );
    parsed.toCanonical('m', warnings);
    expect(warnings).toEqual([
      'tools[].googleSearch is not supported when translating from gemini; ignored',
      'generationConfig.topK, generationConfig.responseModalities are not supported when translating from gemini; ignored',
      'safetySettings is not supported when translating from gemini; ignored',
    ]);
  });

  it('refuses content that a translation would lose, naming the param', () => {
    const pdf = refusal({
      contents: [{ parts: [{ inlineData: { mimeType: 'application/pdf', data: 'JVBE' } }] }],
    });
    expect(pdf).toMatchObject({ code: 'invalid_request', param: 'contents[0].parts[0].inlineData.mimeType' });
    const code = refusal({
      contents: [{ role: 'model', parts: [{ executableCode: { code: 'print(1)' } }] }],
    });
    expect(code.param).toBe('contents[0].parts[0].executableCode');
    const cached = refusal({ contents: [{ parts: [{ text: 'x' }] }], cachedContent: 'cachedContents/abc' });
    expect(cached.param).toBe('cachedContent');
    const orphan = refusal({
      contents: [{ parts: [{ functionResponse: { name: 'weather', response: {} } }] }],
    });
    expect(orphan.param).toBe('contents[0].parts[0].functionResponse.name');
    const mode = refusal({
      contents: [{ parts: [{ text: 'x' }] }],
      toolConfig: { functionCallingConfig: { mode: 'SOMETIMES' } },
    });
    expect(mode.param).toBe('toolConfig.functionCallingConfig.mode');
  });

  it('validates the body and the path before any translation', () => {
    expect(() => geminiDialect.parseRequest({ contents: [] }, generate)).toThrow(/contents/);
    expect(() => geminiDialect.parseRequest({ contents: [{ role: 'system', parts: [] }] }, generate)).toThrow(
      /contents\[0\]\.role/,
    );
    expect(() => geminiDialect.parseRequest({ contents: [{ parts: [{ text: 'x' }] }] }, {})).toThrow(
      /Name the model in the path/,
    );
  });
});
