import type {
  ChatMessage,
  ChatRequest,
  JsonObject,
  JsonValue,
  ResponseFormat,
  ToolChoice,
} from '../../core/chat.js';

/** Canonical request → OpenAI Chat Completions body (used when the client spoke another dialect). */
export function toOpenAiRequest(request: ChatRequest, streamUsage: boolean): JsonObject {
  const body: JsonObject = {
    // Vendor extensions an OpenAI client sent travel on; another dialect's extras would be refused.
    ...(request.extraSource === 'openai-chat' ? request.extra : {}),
    model: request.model,
    messages: request.messages.map(encodeMessage),
  };
  if (request.stream) {
    body['stream'] = true;
    if (streamUsage) body['stream_options'] = { include_usage: true };
  }
  if (request.tools !== undefined) {
    body['tools'] = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        ...(tool.parameters === undefined ? {} : { parameters: tool.parameters }),
        ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      },
    }));
  }
  if (request.toolChoice !== undefined) body['tool_choice'] = encodeToolChoice(request.toolChoice);
  if (request.parallelToolCalls !== undefined) body['parallel_tool_calls'] = request.parallelToolCalls;
  if (request.responseFormat !== undefined)
    body['response_format'] = encodeResponseFormat(request.responseFormat);
  const scalars: [string, JsonValue | undefined][] = [
    ['max_completion_tokens', request.maxTokens],
    ['temperature', request.temperature],
    ['top_p', request.topP],
    ['stop', request.stop],
    ['seed', request.seed],
    ['n', request.n],
    ['presence_penalty', request.presencePenalty],
    ['frequency_penalty', request.frequencyPenalty],
    ['logprobs', request.logprobs],
    ['top_logprobs', request.topLogprobs],
    ['reasoning_effort', request.reasoningEffort],
    ['user', request.user],
  ];
  for (const [key, value] of scalars) if (value !== undefined) body[key] = value;
  return body;
}

function encodeMessage(message: ChatMessage): JsonObject {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content.map((part) => part.text).join('') };
    case 'tool':
      return {
        role: 'tool',
        tool_call_id: message.toolCallId,
        content: message.content.map((part) => part.text).join(''),
      };
    case 'user':
      return {
        role: 'user',
        content: message.content.map((part) =>
          part.type === 'text'
            ? { type: 'text', text: part.text }
            : {
                type: 'image_url',
                image_url: {
                  url: part.url ?? `data:${part.mediaType ?? 'image/png'};base64,${part.data ?? ''}`,
                  ...(part.detail === undefined ? {} : { detail: part.detail }),
                },
              },
        ),
        ...(message.name === undefined ? {} : { name: message.name }),
      };
    case 'assistant': {
      const text = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
      const encoded: JsonObject = { role: 'assistant', content: text === '' ? null : text };
      if (message.toolCalls.length > 0) {
        encoded['tool_calls'] = message.toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        }));
      }
      return encoded;
    }
  }
}

function encodeToolChoice(choice: ToolChoice): JsonValue {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function encodeResponseFormat(format: ResponseFormat): JsonObject {
  if (format.type !== 'json_schema') return { type: format.type };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name,
      ...(format.schema === undefined ? {} : { schema: format.schema }),
      ...(format.strict === undefined ? {} : { strict: format.strict }),
      ...(format.description === undefined ? {} : { description: format.description }),
    },
  };
}
