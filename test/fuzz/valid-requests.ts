import fc from 'fast-check';
import type { JsonObject } from '../../src/core/chat.js';

// Valid bodies the mutations start from: each covers the fields and block kinds its decoder reads.

const tool = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

/** OpenAI Chat Completions bodies for the route `model`. */
export function chatRequests(model: string, text: fc.Arbitrary<string>): fc.Arbitrary<JsonObject> {
  return fc.tuple(text, fc.boolean()).chain(([said, stream]) =>
    fc.constantFrom<JsonObject>(
      { model, messages: [{ role: 'user', content: said }], stream },
      {
        model,
        stream,
        stream_options: { include_usage: true },
        max_tokens: 50,
        temperature: 0.5,
        top_p: 1,
        stop: ['END'],
        seed: 1,
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: tool, strict: true } },
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: said, cache_control: { type: 'ephemeral' } },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
            ],
          },
        ],
      },
      {
        model,
        stream,
        tools: [
          { type: 'function', function: { name: 'weather', description: 'Weather', parameters: tool } },
        ],
        tool_choice: { type: 'function', function: { name: 'weather' } },
        parallel_tool_calls: false,
        messages: [
          { role: 'user', content: said },
          {
            role: 'assistant',
            content: null,
            reasoning_content: 'thinking',
            thinking_blocks: [{ type: 'thinking', thinking: 'hm', signature: 'sig' }],
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        ],
      },
    ),
  );
}

/** OpenAI Responses bodies. */
export function responsesRequests(model: string, text: fc.Arbitrary<string>): fc.Arbitrary<JsonObject> {
  return fc.tuple(text, fc.boolean()).chain(([said, stream]) =>
    fc.constantFrom<JsonObject>(
      { model, input: said, stream },
      {
        model,
        stream,
        instructions: 'Be brief.',
        max_output_tokens: 100,
        reasoning: { effort: 'low' },
        text: { format: { type: 'json_schema', name: 'answer', schema: tool, strict: true } },
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_text', text: said },
              { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'auto' },
            ],
          },
          {
            type: 'reasoning',
            summary: [{ type: 'summary_text', text: 'hm' }],
            encrypted_content: 'portico:thinking:sig',
          },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi' }] },
        ],
      },
      {
        model,
        stream,
        tools: [
          { type: 'function', name: 'weather', parameters: tool, strict: true },
          {
            type: 'custom',
            name: 'apply_patch',
            format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' },
          },
          { type: 'local_shell' },
          { type: 'web_search' },
        ],
        tool_choice: 'auto',
        input: [
          { role: 'user', content: said },
          { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' },
          { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
          { type: 'custom_tool_call', call_id: 'call_2', name: 'apply_patch', input: '*** Begin Patch' },
          {
            type: 'custom_tool_call_output',
            call_id: 'call_2',
            output: [{ type: 'input_text', text: 'done' }],
          },
          {
            type: 'local_shell_call',
            call_id: 'call_3',
            action: { type: 'exec', command: ['ls'], timeout_ms: 100 },
          },
          { type: 'local_shell_call_output', id: 'call_3', output: 'a.txt' },
        ],
      },
    ),
  );
}

/** Anthropic Messages bodies; `countTokens` leaves out the generation settings count_tokens refuses. */
export function anthropicRequests(
  model: string,
  text: fc.Arbitrary<string>,
  countTokens = false,
): fc.Arbitrary<JsonObject> {
  const generation = (stream: boolean): JsonObject => (countTokens ? {} : { max_tokens: 100, stream });
  return fc.tuple(text, fc.boolean()).chain(([said, stream]) =>
    fc.constantFrom<JsonObject>(
      { model, ...generation(stream), messages: [{ role: 'user', content: said }] },
      {
        model,
        ...generation(stream),
        ...(countTokens
          ? {}
          : { temperature: 0.5, top_p: 0.9, stop_sequences: ['END'], metadata: { user_id: 'u1' } }),
        system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
        thinking: { type: 'enabled', budget_tokens: 2048 },
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: said },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'hm', signature: 'sig' },
              { type: 'redacted_thinking', data: 'abc' },
              { type: 'text', text: 'Hi' },
            ],
          },
          { role: 'user', content: 'Again.' },
        ],
      },
      {
        model,
        ...generation(stream),
        tools: [
          { name: 'weather', description: 'Weather', input_schema: tool },
          { type: 'web_search_20250305', name: 'web_search' },
        ],
        tool_choice: { type: 'auto', disable_parallel_tool_use: true },
        messages: [
          { role: 'user', content: said },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 'tu_1', name: 'weather', input: { city: 'Oslo' } }],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'tu_1',
                is_error: false,
                content: [{ type: 'text', text: 'Sunny' }],
              },
            ],
          },
        ],
      },
    ),
  );
}

/** Gemini `generateContent` bodies (the model is in the path). */
export function geminiRequests(text: fc.Arbitrary<string>): fc.Arbitrary<JsonObject> {
  return text.chain((said) =>
    fc.constantFrom<JsonObject>(
      { contents: [{ role: 'user', parts: [{ text: said }] }] },
      {
        systemInstruction: { parts: [{ text: 'Be brief.' }] },
        generationConfig: {
          temperature: 0.5,
          topP: 0.9,
          topK: 40,
          maxOutputTokens: 100,
          stopSequences: ['END'],
          responseMimeType: 'application/json',
          responseSchema: { type: 'OBJECT', properties: { a: { type: 'STRING' } } },
          thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 },
        },
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        contents: [
          {
            role: 'user',
            parts: [{ text: said }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }],
          },
          { role: 'model', parts: [{ text: 'hm', thought: true, thoughtSignature: 'c2ln' }, { text: 'Hi' }] },
          { role: 'user', parts: [{ text: 'Again.' }] },
        ],
      },
      {
        tools: [
          {
            functionDeclarations: [
              { name: 'weather', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } } } },
            ],
          },
        ],
        toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } },
        contents: [
          { role: 'user', parts: [{ text: said }] },
          { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Oslo' } } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { output: 'Sunny' } } }] },
        ],
      },
    ),
  );
}

/** Gemini `countTokens` bodies: bare contents or a whole request. */
export function geminiCountTokensRequests(text: fc.Arbitrary<string>): fc.Arbitrary<JsonObject> {
  return geminiRequests(text).chain((request) =>
    fc.constantFrom<JsonObject>({ contents: request['contents'] ?? [] }, { generateContentRequest: request }),
  );
}

/** OpenAI embeddings bodies. */
export function embeddingsRequests(model: string, text: fc.Arbitrary<string>): fc.Arbitrary<JsonObject> {
  return text.chain((said) =>
    fc.constantFrom<JsonObject>(
      { model, input: said },
      { model, input: [said, 'second'], encoding_format: 'base64', dimensions: 8, user: 'u1' },
      { model, input: [1, 2, 3] },
      { model, input: [[1, 2], [3]], encoding_format: 'float' },
    ),
  );
}
